#!/usr/bin/env bash
# End-to-end tests: the real app binary in a real window (under Xvfb when there is no display),
# driven through tauri-driver and WebKitWebDriver, with throw-away data directories.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# A debug build with the UI embedded (no dev server needed), unless an installed app is under test.
if [ -z "${HELPDESK_APP:-}" ]; then
  npx tauri build --debug --no-bundle
  HELPDESK_APP="$PWD/target/debug/helpdesk"
fi
export HELPDESK_APP

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ -z "${DISPLAY:-}" ]; then
  export DISPLAY=:$((90 + RANDOM % 100))
  Xvfb "$DISPLAY" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
  pids+=($!)
  sleep 1
fi

# A session bus of the run's own, as a desktop has: a second launch of the app finds the first through it.
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  { read -r DBUS_SESSION_BUS_ADDRESS; read -r bus_pid; } < <(dbus-daemon --session --fork --print-address=1 --print-pid=1)
  export DBUS_SESSION_BUS_ADDRESS
  pids+=("$bus_pid")
fi

# The app inherits this environment: its preferences and web data go to the temporary directory.
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
export HELPDESK_E2E_DIR="$work" HELPDESK_E2E_PORT=$((4444 + RANDOM % 1000))
tauri-driver --port "$HELPDESK_E2E_PORT" >"$work/tauri-driver.log" 2>&1 &
pids+=($!)

npx vitest run --config tests/e2e/vitest.config.ts "$@"
