#!/usr/bin/env bash
# npm test: type check, unit, integration (real PostgreSQL+PostGIS and Redis) and browser e2e
# (Debian's Chromium). Runs every stage, then prints one summary line of all test counts.
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/services.sh"
set -e
ensure_dependencies
ensure_services
ensure_chromium
set +e

rm -rf test-reports && mkdir -p test-reports
failed_stages=()
run_stage() { # name, command...
	local name=$1; shift
	step "== $name"
	if ! "$@"; then failed_stages+=("$name"); fi
}

started=$(date +%s)
run_stage "type check (svelte-check)" npm run --silent check
run_stage "build" ensure_build
run_stage "unit + integration (vitest)" npx vitest run --reporter=default --reporter=json --outputFile.json=test-reports/vitest.json
run_stage "e2e (playwright, chromium)" npx playwright test

node scripts/lib/test-summary.mjs test-reports/vitest.json test-reports/e2e.json "${failed_stages[*]:-}" "$(( $(date +%s) - started ))"
