#!/usr/bin/env bash
# Runs a command with HELPDESK_TEST_POSTGRES naming a PostgreSQL server for the tests: the one already
# given, or a throw-away local cluster (pg_virtualenv, from the system's PostgreSQL) dropped after.
set -euo pipefail
if [ -n "${HELPDESK_TEST_POSTGRES:-}" ]; then
  exec "$@"
fi
# In a temporary directory (-t), also as root: never beside a system cluster, and runs side by side.
# Durability is not under test: fsync off. Tests stand for many desktops: room for their connections.
# The benchmark's million tickets want the memory a team's server gives its desk, not the default 128 MB.
exec pg_virtualenv -t -o fsync=off -o max_connections=300 -o shared_buffers=1GB sh -c \
  'HELPDESK_TEST_POSTGRES="postgres://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/postgres" exec "$@"' sh "$@"
