#!/usr/bin/env bash
# `npm run demo`: from a fresh clone, installs what it needs, builds, and runs the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
if [ ! -x node_modules/.bin/tsx ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund >/dev/null
fi
node scripts/build.mjs
exec node_modules/.bin/tsx test/e2e/demo.ts
