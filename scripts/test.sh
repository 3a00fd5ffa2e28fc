#!/usr/bin/env bash
# `npm test`: every check and test layer, in the order that fails fastest. Ends with one line
# counting every test that ran.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh --test

reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT
step() { printf '\n==> %s\n' "$*"; }

step "Rust format";             cargo fmt --all --check
step "Rust lint";               cargo clippy --workspace --all-targets --locked -- -D warnings
step "Rust tests (unit, integration on SQLite then on PostgreSQL, bindings freshness)"
# One throw-away cluster for both legs; the tests that need a server alone (the schema's, postgres::,
# and many desktops at once, team::) run on its leg.
bash scripts/with-postgres.sh bash -c \
  'cargo test --workspace --locked -- --skip postgres:: --skip team:: && bash scripts/test-postgres.sh' 2>&1 |
  tee "$reports/rust.log"
step "TypeScript types and lint"; npm run --silent lint
step "UI component tests";      npx vitest run --config ui/vite.config.ts --reporter=default --reporter=json --outputFile="$reports/ui.json"
step "End-to-end tests in the app window"
bash scripts/e2e.sh --reporter=default --reporter=json --outputFile="$reports/e2e.json"

node -e '
  const fs = require("fs");
  const [rustLog, ...jsonReports] = process.argv.slice(1);
  let passed = 0, failed = 0;
  for (const m of fs.readFileSync(rustLog, "utf8").matchAll(/test result: \w+\. (\d+) passed; (\d+) failed/g)) {
    passed += Number(m[1]); failed += Number(m[2]);
  }
  for (const file of jsonReports) {
    const report = JSON.parse(fs.readFileSync(file, "utf8"));
    passed += report.numPassedTests; failed += report.numFailedTests;
  }
  console.log(`\ntotal: ${passed} passed, ${failed} failed`);
' "$reports/rust.log" "$reports/ui.json" "$reports/e2e.json"
