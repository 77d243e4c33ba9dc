#!/usr/bin/env bash
# `npm test`: every layer of tests, fastest first. Needs Postgres and Redis: TEST_POSTGRES_URL
# (an owner URL, default postgres://postgres@127.0.0.1:5432/postgres) and TEST_REDIS_URL
# (default redis://127.0.0.1:6379). Tests use databases and queue prefixes of their own
# (medrank_test, medrank_e2e, test-*), never the platform's, and fault tests start private
# redis-server instances on free ports.
#
# Independent layers overlap where the two cores allow: type checking runs beside lint; the
# integration tests, whose time goes largely to waiting on Postgres, Redis and worker processes,
# run as two shards side by side (each with a database of its own, see vitest.config.ts), with
# the web build (needed only by Playwright) after the shorter shard. A background step's output
# is kept in a log, printed when it is waited for.
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

typecheck_all() {
  npx turbo run typecheck --output-logs=errors-only
  npx tsc -p tools/tsconfig.json && npx tsc -p e2e/tsconfig.json && npx tsc -p prisma/tsconfig.json && npx tsc -p bench/tsconfig.json
}

step "services"
npx tsx tools/testing/check-services.ts
step "lint (eslint + import boundaries + circular imports) and typecheck, side by side"
start_bg typecheck typecheck_all
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
step "integration tests (real Postgres and Redis): apps/worker's files beside the rest, a database each; then the web build"
# The worker shard (the fault tests) is the long pole; the other shard and the web build run in
# its shadow. MEDRANK_TEST_DATABASE names the rest's database; the worker shard adds _worker.
integration_database=${MEDRANK_TEST_DATABASE:-medrank_test}
start_bg integration_worker env INTEGRATION_SHARD=worker MEDRANK_TEST_DATABASE="${integration_database}_worker" \
  npx vitest run --project integration
INTEGRATION_SHARD=rest MEDRANK_TEST_DATABASE="$integration_database" npx vitest run --project integration
step "web build (the worker shard still running)"
npm run -s build -w @medrank/web
wait_bg integration_worker
echo "── the worker shard's output:"
cat "$logs/integration_worker.log"
step "integration tests and web build done"
step "end-to-end journeys (Playwright, Chromium)"
npx playwright test -c e2e/playwright.config.ts
step "all tests passed"
