#!/usr/bin/env bash
# Quick start: install dependencies when needed, then run the whole platform (tools/dev/up.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1 NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1 ONNXRUNTIME_NODE_INSTALL=skip
node -e 'const [a, b] = process.versions.node.split(".").map(Number); if (a < 20 || (a === 20 && b < 19)) { console.error("MedRank needs Node.js 20.19 or newer (found " + process.version + ")"); process.exit(1); }'
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[up] installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
exec npx tsx tools/dev/up.ts "$@"
