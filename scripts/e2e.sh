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

# shellcheck source=window-session.sh
source scripts/window-session.sh

npx vitest run --config tests/e2e/vitest.config.ts "$@"
