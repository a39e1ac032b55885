#!/usr/bin/env bash
# npm run dev: Vite with the realtime endpoints attached, plus the worker, on TypeScript sources.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/services.sh"

ensure_dependencies
ensure_services
npx tsx scripts/migrate.ts
npx tsx scripts/seed.ts --if-empty | sed -n '1p'

npx tsx workers/index.ts & WORKER=$!
trap 'kill -TERM "$WORKER" 2>/dev/null; wait "$WORKER" 2>/dev/null' EXIT
# Not through npx: killing npx would leave Vite running.
node_modules/.bin/vite dev --port "${PORT:-5173}" --host "${HOST:-127.0.0.1}" "$@"
