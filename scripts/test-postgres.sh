#!/usr/bin/env bash
# The integration suite's PostgreSQL leg: every test that is not about a desk file runs again, each
# on a database of its own on the server in HELPDESK_TEST_POSTGRES (scripts/with-postgres.sh gives
# one). `database::` and `crash::` are about the file itself (SQLite's pragmas, backups, the log,
# kills) and run on the SQLite leg alone.
set -euo pipefail
cd "$(dirname "$0")/.."
HELPDESK_TEST_BACKEND=postgres exec cargo test -p helpdesk-tests --test integration --locked -- \
  --skip database:: --skip crash:: "$@"
