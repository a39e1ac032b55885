# Shared by start.sh, test.sh and dev.sh. Sourced, not run.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

step() { printf '\033[1m%s\033[0m\n' "$*"; }

hash_of() { # content hash of the given files and folders (sorted, so stable)
	find "$@" -type f -not -path '*/node_modules/*' -not -path 'src/lib/paraglide/*' -print0 2>/dev/null \
		| sort -z | xargs -0 sha1sum | sha1sum | cut -c1-40
}

# Installs dependencies when node_modules is missing or package-lock.json / Node changed since.
ensure_dependencies() {
	local want have=""
	want="$(sha1sum package-lock.json | cut -c1-40) $(node --version)"
	[ -f node_modules/.quadro-deps ] && have=$(cat node_modules/.quadro-deps)
	if [ ! -d node_modules ] || [ "$want" != "$have" ]; then
		step "dependencies: installing (npm ci)"
		npm ci --no-audit --no-fund --loglevel=error
		echo "$want" > node_modules/.quadro-deps
	else
		echo "dependencies: up to date"
		# Generated files (messages, SvelteKit types) are not in git: make sure they exist.
		[ -f src/lib/paraglide/messages.js ] && [ -d .svelte-kit ] || npm run --silent prepare
	fi
}

# Builds the web bundle and the server/worker entries when their sources changed.
BUILD_INPUTS=(src server workers messages project.inlang drizzle static svelte.config.js vite.config.ts package-lock.json scripts/build-server.mjs)
ensure_build() {
	local want have=""
	want=$(hash_of "${BUILD_INPUTS[@]}")
	[ -f .data/build-stamp ] && have=$(cat .data/build-stamp)
	if [ "$want" != "$have" ] || [ ! -f build/handler.js ] || [ ! -f dist/server.js ] || [ ! -f dist/worker.js ]; then
		step "build: compiling (sources changed)"
		npm run --silent build >/tmp/quadro-build.log 2>&1 || { cat /tmp/quadro-build.log; echo "build failed" >&2; exit 1; }
		mkdir -p .data && echo "$want" > .data/build-stamp
		echo "build: done"
	else
		echo "build: up to date"
	fi
}

# Debian's Chromium for the browser tests (Playwright's own download is not reachable).
ensure_chromium() {
	if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then echo "chromium: $("${CHROMIUM_PATH:-/usr/bin/chromium}" --version 2>/dev/null | head -n1)"; return; fi
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		step "chromium: installing Debian's chromium (about a minute)"
		DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 \
			|| { echo "chromium: install failed. Run: apt-get install -y chromium" >&2; exit 1; }
		echo "chromium: installed"
	else
		echo "chromium: missing. Run: sudo apt-get install -y chromium (or set CHROMIUM_PATH)" >&2
		exit 1
	fi
}

# npm runs our scripts through `sh -c`, which dies on SIGTERM without passing it on. Follow the
# parent: when it is gone, send ourselves SIGTERM so our traps stop the children we started.
follow_parent() {
	( while kill -0 "$PPID" 2>/dev/null; do sleep 1; done; kill -TERM $$ 2>/dev/null ) &
	PARENT_WATCH=$!
}

# What both `npm start` and `npm run dev` need before any process starts: dependencies, the two
# services, an up-to-date schema, and the demo company in an empty database.
prepare_to_run() {
	source "$ROOT/scripts/services.sh"
	ensure_dependencies
	ensure_services
	npx tsx scripts/migrate.ts
	npx tsx scripts/seed.ts --if-empty | sed -n '1p'
}
