#!/usr/bin/env bash
# The installed app: builds the Linux packages, installs the .deb into this machine, runs the first
# run and login journey against the installed binary through tauri-driver, records the size and
# start-up budget in the benchmark report, and uninstalls it again.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/build.sh
deb=$(ls -t target/release/bundle/deb/*.deb | head -1)
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo

$sudo apt-get install -y --allow-downgrades "./$deb"
uninstall() {
  $sudo apt-get remove -y helpdesk >/dev/null
  if [ -e /usr/bin/helpdesk ]; then
    echo "uninstalling left /usr/bin/helpdesk behind" >&2
    exit 1
  fi
  echo "uninstalled"
}
trap uninstall EXIT

test -x /usr/bin/helpdesk
test -f /usr/share/applications/Helpdesk.desktop
startup="$PWD/target/bench/startup.json"
mkdir -p target/bench
rm -f "$startup"
HELPDESK_APP=/usr/bin/helpdesk HELPDESK_STARTUP_FILE="$startup" bash scripts/e2e.sh foundation startup

# The budget, recorded beside the benchmark's figures: package size and start-up of the release build.
node scripts/record-budget.mjs "$deb" "$startup" target/bench/report.json
