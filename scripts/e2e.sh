#!/usr/bin/env bash
# End-to-end tests: the real app binary in a real window (under Xvfb when there is no display),
# driven through tauri-driver and WebKitWebDriver, with throw-away data directories.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
# The team desk's journeys need a PostgreSQL server: a throw-away local cluster unless one is given.
[ -n "${HELPDESK_TEST_POSTGRES:-}" ] || exec bash scripts/with-postgres.sh bash "$0" "$@"

# A debug build with the UI embedded (no dev server needed), unless an installed app is under test.
if [ -z "${HELPDESK_APP:-}" ]; then
  npx tauri build --debug --no-bundle
  HELPDESK_APP="$PWD/target/debug/helpdesk"
fi
export HELPDESK_APP

# shellcheck source=window-session.sh
source scripts/window-session.sh

npx vitest run --config tests/e2e/vitest.config.ts "$@"
