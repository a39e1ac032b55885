#!/usr/bin/env bash
# Finds or provides PostgreSQL with PostGIS and Redis, then prints one line per service.
# Order of preference: DATABASE_URL / REDIS_URL when set; a server already answering on the
# standard local port; otherwise install (Debian/Ubuntu, as root) and start one with its data
# under .data/, listening on loopback only. Sourced by start.sh and test.sh; also runnable alone.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$ROOT/.data"

say() { printf '%s\n' "$*"; }
die() { printf 'services: %s\n' "$*" >&2; exit 1; }

can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }
APT_UPDATED=""
apt_install() {
	can_apt || die "cannot install $* here (need root on Debian/Ubuntu). Run: sudo apt-get update && sudo apt-get install -y --no-install-recommends $*"
	if [ -z "$APT_UPDATED" ]; then
		DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 \
			|| die "apt-get update failed (no network to the package mirror?). Run: apt-get update && apt-get install -y --no-install-recommends $*"
		APT_UPDATED=1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1 \
		|| die "installing $* failed. Run: apt-get install -y --no-install-recommends $*"
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# --- PostgreSQL + PostGIS -------------------------------------------------------------
pg_major() { # server major version of the server at $1 (a URL), via node + postgres.js
	node --input-type=module -e "
		import postgres from 'postgres';
		const sql = postgres(process.argv[1].replace(/\/[^/?]*(\?|$)/, '/postgres\$1'), { max: 1, onnotice() {}, connect_timeout: 5 });
		try { const [r] = await sql\`show server_version_num\`; console.log(Math.floor(Number(r.server_version_num) / 10000)); }
		catch (e) { console.error(e.message); process.exit(1); } finally { await sql.end(); }
	" "$1"
}
postgis_available() { # whether the server at $1 can CREATE EXTENSION postgis
	node --input-type=module -e "
		import postgres from 'postgres';
		const sql = postgres(process.argv[1].replace(/\/[^/?]*(\?|$)/, '/postgres\$1'), { max: 1, onnotice() {}, connect_timeout: 5 });
		try { const r = await sql\`select 1 from pg_available_extensions where name = 'postgis'\`; process.exit(r.length ? 0 : 3); }
		catch (e) { console.error(e.message); process.exit(1); } finally { await sql.end(); }
	" "$1"
}

start_local_postgres() {
	# No server answers: install one and keep its data in .data/postgres, loopback only.
	local major bin
	if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then apt_install postgresql; fi
	bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
	major=$(basename "$(dirname "$bin")")
	dpkg -s "postgresql-$major-postgis-3" >/dev/null 2>&1 || apt_install "postgresql-$major-postgis-3"
	mkdir -p "$DATA/postgres" "$DATA/run"
	chown postgres:postgres "$DATA/postgres" "$DATA/run" 2>/dev/null || true
	if [ ! -f "$DATA/postgres/PG_VERSION" ]; then
		runuser -u postgres -- "$bin/initdb" -D "$DATA/postgres" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null \
			|| die "initdb failed in $DATA/postgres"
	fi
	runuser -u postgres -- "$bin/pg_ctl" -D "$DATA/postgres" -l "$DATA/run/postgres.log" -w \
		-o "-c listen_addresses=127.0.0.1 -c port=5432 -c unix_socket_directories=$DATA/run" start >/dev/null \
		|| die "PostgreSQL did not start; see $DATA/run/postgres.log"
	echo "started PostgreSQL $major from .data/postgres on 127.0.0.1:5432"
}

ensure_postgres() {
	local url="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/quadro}" how major
	if [ -n "${DATABASE_URL:-}" ]; then
		how="using DATABASE_URL"
	elif port_open 127.0.0.1 5432; then
		how="found a server on 127.0.0.1:5432"
	else
		how=$(start_local_postgres)
	fi
	major=$(pg_major "$url") || die "PostgreSQL at ${url%%\?*} does not answer (${how}). Check DATABASE_URL or start the server."
	local rc=0; postgis_available "$url" || rc=$?
	if [ "$rc" = 3 ]; then
		local host; host=$(node -e 'console.log(new URL(process.argv[1]).hostname)' "$url")
		if [[ "$host" =~ ^(127\.|localhost$|::1$) ]]; then
			apt_install "postgresql-$major-postgis-3"
			how="$how; installed postgresql-$major-postgis-3"
		else
			die "PostGIS is not installed on the PostgreSQL server at $host. Install the PostGIS package for PostgreSQL $major there (Debian: apt-get install postgresql-$major-postgis-3)."
		fi
	elif [ "$rc" != 0 ]; then
		die "cannot query PostgreSQL at ${url%%\?*}"
	fi
	say "postgres: PostgreSQL $major with PostGIS, $how"
}

# --- Redis ----------------------------------------------------------------------------
redis_ping() { # host port
	local reply
	reply=$( (exec 3<>"/dev/tcp/$1/$2" && printf 'PING\r\n' >&3 && timeout 2 head -c 7 <&3) 2>/dev/null || true)
	[[ "$reply" == *PONG* ]]
}

ensure_redis() {
	if [ -n "${REDIS_URL:-}" ]; then
		local hp; hp=$(node -e 'const u=new URL(process.argv[1]);console.log(u.hostname+" "+(u.port||6379))' "$REDIS_URL")
		# Password-protected or TLS servers cannot be pinged here; the app's readiness check tells.
		say "redis: using REDIS_URL (${hp/ /:})"
		return
	fi
	if redis_ping 127.0.0.1 6379; then
		say "redis: found a server on 127.0.0.1:6379"
		return
	fi
	command -v redis-server >/dev/null 2>&1 || apt_install redis-server
	mkdir -p "$DATA/redis"
	redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --dir "$DATA/redis" \
		--appendonly yes --appendfsync everysec --maxmemory-policy noeviction \
		--logfile "$DATA/redis/redis.log" --pidfile "$DATA/redis/redis.pid" >/dev/null \
		|| die "redis-server did not start; see $DATA/redis/redis.log"
	for _ in $(seq 1 50); do redis_ping 127.0.0.1 6379 && break; sleep 0.1; done
	redis_ping 127.0.0.1 6379 || die "redis-server started but does not answer; see $DATA/redis/redis.log"
	say "redis: started Redis from .data/redis on 127.0.0.1:6379 (AOF everysec, noeviction)"
}

ensure_services() {
	[ -d "$ROOT/node_modules/postgres" ] || die "dependencies missing: run npm install first"
	ensure_postgres
	ensure_redis
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then ensure_services; fi
