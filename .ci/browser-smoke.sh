#!/usr/bin/env bash
# Starts `rampart serve --demo` and signs in through the real login form in
# headless Chromium (Debian's package, driven by playwright-core), then checks
# the home page. Installs Chromium and playwright-core when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if [ ! -d .ci/node_modules/playwright-core ]; then
  npm install --silent --no-audit --no-fund --prefix .ci playwright-core@1 >/dev/null
fi
cargo build -q -p rampart
dir=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
password="smoke test password $RANDOM"
RAMPART_DATA_DIR="$dir" RAMPART_DEMO_PASSWORD="$password" RAMPART_LOG_LEVEL=warn \
  target/debug/rampart serve --demo --devices 2000 --addr "127.0.0.1:$port" >"$dir/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 120); do
  grep -q "Rampart listening" "$dir/serve.log" 2>/dev/null && break
  kill -0 $pid 2>/dev/null || { cat "$dir/serve.log"; exit 1; }
  sleep 1
done
RAMPART_URL="http://127.0.0.1:$port" RAMPART_USER=admin RAMPART_PASSWORD="$password" \
  SCREENSHOT="${SCREENSHOT:-target/browser-smoke.png}" node .ci/browser-smoke.mjs
