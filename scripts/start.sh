#!/usr/bin/env bash
# npm start: install, provide PostgreSQL+PostGIS and Redis, migrate, seed an empty database,
# build when sources changed, then run one web and one worker process until Ctrl-C / SIGTERM.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
prepare_to_run
ensure_build

export NODE_ENV=production PORT="${PORT:-3000}" HOST="${HOST:-0.0.0.0}"
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
	echo "port $PORT is already in use: stop what is using it or run PORT=3001 npm start" >&2
	exit 1
fi

node dist/server.js & WEB=$!
node dist/worker.js & WORKER=$!

follow_parent

stop() {
	trap - INT TERM
	kill "$PARENT_WATCH" 2>/dev/null || true
	echo "stopping web and worker..."
	kill -TERM "$WEB" "$WORKER" 2>/dev/null || true
	wait "$WEB" "$WORKER" 2>/dev/null || true
	echo "stopped"
}
trap 'stop; exit 0' INT TERM

url="http://localhost:$PORT"
for _ in $(seq 1 100); do
	if curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; then break; fi
	if ! kill -0 "$WEB" 2>/dev/null; then echo "the web process exited; see the log above" >&2; kill "$WORKER" 2>/dev/null; exit 1; fi
	sleep 0.2
done

cat <<TXT

  Quadro is running at $url

  Demo logins (password: quadro-demo)
    admin       admin@quadro.test
    dispatcher  dispatcher@quadro.test, dispatcher2@quadro.test
    supervisor  supervisor@quadro.test
    technician  tecnico01@quadro.test .. tecnico25@quadro.test

  Ctrl-C stops everything.

TXT

# Whichever process ends first (a crash, or a signal), stop the other too.
set +e
wait -n "$WEB" "$WORKER"
code=$?
stop
exit "$code"
