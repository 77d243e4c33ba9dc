#!/usr/bin/env bash
# `npm test`: every layer of tests, fastest first. Needs Postgres and Redis: TEST_POSTGRES_URL
# (an owner URL, default postgres://postgres@127.0.0.1:5432/postgres) and TEST_REDIS_URL
# (default redis://127.0.0.1:6379). Tests use databases and queue prefixes of their own
# (medrank_test, medrank_e2e, test-*), never the platform's, and fault tests start private
# redis-server instances on free ports.
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1 NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1 ONNXRUNTIME_NODE_INSTALL=skip

started=$(date +%s)
step() { printf '\n━━ %s (%ss)\n' "$1" "$(( $(date +%s) - started ))"; }

step "services"
npx tsx tools/testing/check-services.ts
step "lint (eslint + import boundaries + circular imports)"
npm run -s lint
if docker compose version >/dev/null 2>&1; then compose=(docker compose); elif command -v docker-compose >/dev/null; then compose=(docker-compose); else compose=(); fi
if [ ${#compose[@]} -gt 0 ]; then
  step "docker-compose.yml parses (${compose[*]} config)"
  BETTER_AUTH_SECRET=ci-check-only-not-a-real-secret-0123456789 "${compose[@]}" config -q
fi
step "typecheck"
npx turbo run typecheck --output-logs=errors-only
npx tsc -p tools/tsconfig.json && npx tsc -p e2e/tsconfig.json && npx tsc -p prisma/tsconfig.json
step "unit tests"
npx vitest run --project unit
step "parity with the reference scorers (../shared/peers)"
bash tools/peers-data.sh
npx vitest run --project parity
step "integration tests (real Postgres and Redis)"
npx vitest run --project integration
step "build the web app"
npm run -s build -w @medrank/web >/dev/null
step "end-to-end journeys (Playwright, Chromium)"
npx playwright test -c e2e/playwright.config.ts
step "all tests passed"
