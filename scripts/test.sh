#!/usr/bin/env bash
# `npm test`: every test, from a fresh clone. Installs what it needs, builds, lints, runs unit,
# integration and Terraform tests (vitest), then the end-to-end client matrix.
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1
bash scripts/install-system-deps.sh
if [ ! -x node_modules/.bin/vitest ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
node scripts/build.mjs
npm run --silent lint
node_modules/.bin/vitest run
node_modules/.bin/tsx test/e2e/run.ts
