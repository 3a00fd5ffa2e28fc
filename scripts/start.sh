#!/usr/bin/env bash
# `npm start`: install what is missing, then open the app in demo mode with live reload of the UI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Demo mode: a separate demo database, seeded on first start, with its accounts on the login screen.
exec npx tauri dev -- -- --demo "$@"
