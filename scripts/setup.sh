#!/usr/bin/env bash
# Installs what the app needs and is missing: system packages (as root or with sudo; otherwise it
# prints the exact command), npm packages, and with --test the end-to-end tools.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test_tools=false
[ "${1:-}" = "--test" ] && want_test_tools=true

# libdbus-1-dev: the keychain (the Secret Service) that keeps a team desk's password on "Remember me".
packages=(libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev libssl-dev
  build-essential file pkg-config libdbus-1-dev)
# dbus: a session bus for the end-to-end run, through which a second launch finds the first.
# postgresql (with pg_virtualenv) and its contrib modules: the throw-away server of the PostgreSQL leg.
$want_test_tools && packages+=(webkit2gtk-driver xvfb dbus postgresql postgresql-contrib)

if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    install="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}"
    echo "Installing system packages: ${missing[*]}"
    if [ "$(id -u)" = 0 ]; then
      bash -c "$install"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo bash -c "$install"
    else
      echo "These system packages are missing. Install them with:" >&2
      echo "  sudo bash -c '$install'" >&2
      exit 1
    fi
  fi
else
  echo "Not a Debian/Ubuntu system: install the Tauri prerequisites for your OS (see README.md)." >&2
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "Rust is missing. Install it with rustup (https://rustup.rs), then run this again." >&2
  exit 1
fi

# Install when node_modules is missing or older than the lock file. `npm install` rather than
# `npm ci`: the lock file lists only the Tauri CLI binaries the registry had for this platform, and
# `npm ci` refuses such a lock file even though nothing it needs is missing.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund
fi

if $want_test_tools && ! command -v tauri-driver >/dev/null 2>&1; then
  cargo install tauri-driver --locked --version ^2
fi
