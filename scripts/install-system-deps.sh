#!/usr/bin/env bash
# Debian packages the tests, the e2e run and the demo use. Idempotent; needs root (or sudo).
set -euo pipefail
packages=(
  openssl curl tar apache2-utils        # per-run CA, htpasswd (bcrypt) for the stand-in registry
  docker-registry                       # the ECR stand-in registry (distribution 2.8)
  docker.io containerd runc             # docker engine and containerd (CRI), real clients
  skopeo podman buildah                 # containers/image clients
  golang-go golang-github-containerd-containerd-dev  # builds test/e2e/docker29 (Docker 29 containerd-store client) offline
  qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross  # runs the linux-arm64 single binaries
  busybox-static                        # deploy/kubernetes checks: the DaemonSet's copy tool
  haproxy                               # the e2e load balancer stand-in in front of the image (the ecs door)
  binutils                              # readelf: the C libraries scripts/build-image.mjs puts in the image
  chromium                              # the registry page in a real browser (playwright-core drives it; no browser download)
)
# kubectl reads deploy/kubernetes offline: Debian's, unless one is installed already (another package's /usr/bin/kubectl would clash).
command -v kubectl >/dev/null 2>&1 || packages+=(kubernetes-client)
# `npm run bench` also compares the credential helper with AWS's Go helper.
[ "${1:-}" = "--bench" ] && packages+=(amazon-ecr-credential-helper)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  echo "installing Debian packages: ${missing[*]}" >&2
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
