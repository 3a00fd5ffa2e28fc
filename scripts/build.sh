#!/usr/bin/env bash
# `npm run build`: install what is missing, then the release build and the Linux packages that can
# be made offline (.deb and .rpm, under target/release/bundle/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec npx tauri build "$@"
