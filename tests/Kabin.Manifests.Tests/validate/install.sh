#!/usr/bin/env bash
# Installs what the manifest checks need, quietly and only what is missing (safe to run again):
# Node.js 20+ with npm, the pinned validator packages (npm ci from package-lock.json, which
# records no registry addresses: .npmrc sets omit-lockfile-registry-resolved), and kubectl for
# `kubectl kustomize`. Called by .ci/run; needs root for apt-get when something is missing.
set -euo pipefail
cd "$(dirname "$0")"

apt_install() {
  if [ -z "${_apt_updated:-}" ]; then apt-get update -qq; _apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt_install nodejs npm
fi
if [ "$(node_major)" -lt 20 ]; then
  echo "manifest checks: node $(node --version) is older than 20; the validator packages need 20 or later" >&2
  exit 1
fi

# npm ci only when node_modules was not installed from this very lock file (a stamp records it).
if ! cmp -s package-lock.json node_modules/.kabin-installed-lock.json 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
  cp package-lock.json node_modules/.kabin-installed-lock.json
fi

# kubectl: the machine image ships one (Google's kubectl package); elsewhere Debian's
# kubernetes-client provides it (kubectl 1.20, whose built-in kustomize 2.0 the kustomizations
# are kept compatible with).
if ! command -v kubectl >/dev/null 2>&1; then
  apt_install kubernetes-client
fi
