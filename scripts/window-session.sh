# Sourced by the scripts that drive the real app window (`e2e.sh`, `bench-window.sh`): a display
# (Xvfb when there is none), a session bus, throw-away data directories and tauri-driver, all stopped
# on exit. Leaves `$work` (the temporary directory) and `HELPDESK_E2E_PORT` for the caller.
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
