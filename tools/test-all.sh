#!/usr/bin/env bash
# `npm test`: every layer of tests, fastest first. Needs Postgres and Redis: TEST_POSTGRES_URL
# (an owner URL, default postgres://postgres@127.0.0.1:5432/postgres) and TEST_REDIS_URL
# (default redis://127.0.0.1:6379). Tests use databases and queue prefixes of their own
# (medrank_test, medrank_e2e, test-*), never the platform's, and fault tests start private
# redis-server instances on free ports.
#
# Independent layers overlap where the two cores allow: type checking runs beside lint, and the
# web build (needed only by Playwright) beside the integration tests. Little else can: measured on
# the 2-core machine, the integration files split into two shards with a database each took
# longer side by side (548 s and 380 s) than in one run (501 s), and the 20 x SIGKILL fault test
# timed out under that load; the e2e journeys keep both cores ~75 % busy on their own. A
# background step's output is kept in a log, printed if it fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1 NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1 ONNXRUNTIME_NODE_INSTALL=skip

started=$(date +%s)
step() { printf '\n━━ %s (%ss)\n' "$1" "$(( $(date +%s) - started ))"; }
logs=$(mktemp -d)
background=()
trap 'for pid in "${background[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$logs"' EXIT

# Starts `name` in the background with its output in $logs/name.log.
start_bg() {
  local name=$1; shift
  ( "$@" ) >"$logs/$name.log" 2>&1 &
  background+=($!)
  eval "pid_$name=$!"
}
# Waits for `name`; if it failed, prints its log and fails.
wait_bg() {
  local name=$1 pid_var="pid_$1"
  if ! wait "${!pid_var}"; then
    cat "$logs/$name.log"
    echo "✗ $name failed (its output is above)"
    exit 1
  fi
}

step "services"
npx tsx tools/testing/check-services.ts
step "lint (eslint + import boundaries + circular imports) and typecheck, side by side"
start_bg typecheck npm run -s typecheck
npm run -s lint
wait_bg typecheck
if docker compose version >/dev/null 2>&1; then compose=(docker compose); elif command -v docker-compose >/dev/null; then compose=(docker-compose); else compose=(); fi
if [ ${#compose[@]} -gt 0 ]; then
  step "docker-compose.yml parses (${compose[*]} config)"
  BETTER_AUTH_SECRET=ci-check-only-not-a-real-secret-0123456789 "${compose[@]}" config -q
fi
step "unit tests"
npx vitest run --project unit
step "parity with the reference scorers (../shared/peers)"
bash tools/peers-data.sh
npx vitest run --project parity
step "integration tests (real Postgres and Redis), the web build beside them"
start_bg build npm run -s build -w @medrank/web
npx vitest run --project integration
wait_bg build
step "web built"
step "end-to-end journeys (Playwright, Chromium)"
npx playwright test -c e2e/playwright.config.ts
step "all tests passed"
