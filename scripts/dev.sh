#!/usr/bin/env bash
# npm run dev: Vite with the realtime endpoints attached, plus the worker, on TypeScript sources.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
prepare_to_run

# Started directly, not through npx: killing npx leaves its child running.
node_modules/.bin/tsx workers/index.ts & WORKER=$!
node_modules/.bin/vite dev --port "${PORT:-5173}" --host "${HOST:-127.0.0.1}" "$@" & VITE=$!
follow_parent

stop() {
	trap - INT TERM
	kill "$PARENT_WATCH" 2>/dev/null || true
	kill -TERM "$VITE" "$WORKER" 2>/dev/null || true
	wait "$VITE" "$WORKER" 2>/dev/null || true
}
trap 'stop; exit 0' INT TERM
set +e
wait -n "$VITE" "$WORKER"
code=$?
stop
exit "$code"
