#!/usr/bin/env bash
# `npm start`: install what is missing, then open the app with live reload of the UI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec npx tauri dev "$@"
