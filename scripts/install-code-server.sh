#!/usr/bin/env bash
# Installs code-server (a complete VS Code: extension host + web workbench) into a cache folder
# that git ignores, the way @vscode/test-electron caches desktop VS Code under .vscode-test/.
# It is not a devDependency on purpose: a user's `npm ci` must not build VS Code.
# See ../shared/vscode-test-host.md for why each step is needed on offline machines.
set -euo pipefail
VERSION="${CODE_SERVER_VERSION:-4.100.3}"   # VS Code 1.100.3, the newest whose engines.node is 20
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/.vscode-test/code-server-$VERSION"
BIN="$DEST/node_modules/.bin/code-server"

if [ -x "$BIN" ] && [ -f "$DEST/.installed" ]; then
  echo "code-server $VERSION already installed at $DEST"
  exit 0
fi

command -v rg >/dev/null || { echo "ripgrep (rg) is required: apt-get install -y ripgrep" >&2; exit 1; }

# @vscode/ripgrep@1.15.11 downloads this archive from GitHub unless it is already cached.
CACHE="$(node -p "require('os').tmpdir()")/vscode-ripgrep-cache-1.15.11"
ARCHIVE="$CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -f "$ARCHIVE" ]; then
  mkdir -p "$CACHE"
  tmp="$(mktemp -d)"
  cp "$(command -v rg)" "$tmp/rg"
  tar -czf "$ARCHIVE" -C "$tmp" rg
  rm -rf "$tmp"
fi

mkdir -p "$DEST"
cd "$DEST"
[ -f package.json ] || echo '{"name":"code-server-host","private":true}' > package.json
# code-server's postinstall refuses to run as root under npm unless npm_config_unsafe_perm is
# "true", a setting npm 7 dropped (npm 11 warns "Unknown env config" wherever it sees it), and it
# calls `npm install --unsafe-perm` itself. So: install without scripts, build the one native
# dependency (argon2), then run the postinstall with that variable set for its own check only,
# through an npm wrapper that drops the obsolete setting before calling the real npm.
# npm 11 skips dependency install scripts unless allowed; this folder holds only code-server.
npm install --no-audit --no-fund --ignore-scripts "code-server@$VERSION"
npm rebuild --no-audit --no-fund --dangerously-allow-all-scripts argon2
wrapper="$(mktemp -d)"
trap 'rm -rf "$wrapper"' EXIT
cat > "$wrapper/npm" <<WRAPPER
#!/bin/sh
unset npm_config_unsafe_perm
for arg; do shift; [ "\$arg" = "--unsafe-perm" ] || set -- "\$@" "\$arg"; done
exec "$(command -v npm)" "\$@"
WRAPPER
chmod +x "$wrapper/npm"
(
  cd node_modules/code-server
  PATH="$wrapper:$PATH" npm_config_dangerously_allow_all_scripts=true npm_config_yes=true \
    npm_config_unsafe_perm=true npm_config_user_agent="npm/$(npm -v) node/$(node -v) $(uname -s | tr 'A-Z' 'a-z') x64" \
    sh ./postinstall.sh
)
test -x "$BIN"
touch "$DEST/.installed"
echo "code-server $VERSION installed at $DEST"
