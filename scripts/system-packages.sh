#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing, so that `npm test` (and
# `npm start` when it runs code-server) work on a fresh machine with no step before them:
#   chromium      drives the VS Code workbench (integration and end-to-end tests);
#   ripgrep       replaces a binary that code-server's install would download from GitHub;
#   libkrb5-dev   needed to compile one of VS Code's native modules when code-server installs;
#   openssl       makes the certificates of the TLS fault cases.
# As root it installs them; with password-less sudo it uses sudo; otherwise it prints the one
# command to run and stops (exit 1), since nothing can work without them.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
[ "${#missing[@]}" -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages: ${missing[*]}. This machine has no apt-get: install them with its package manager, then run the command again." >&2
  exit 1
fi
if [ "$(id -u)" = 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "Missing system packages: ${missing[*]}. Install them once, then run the command again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
