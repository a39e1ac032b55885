/**
 * What the technician app keeps on the phone for use with no signal, shared by the service worker
 * (which fetches and stores it) and the app (which says what to keep). Pure functions: no cache,
 * no network, so they are tested on their own.
 */

/** SvelteKit's query parameter naming the data nodes a client navigation wants reloaded. */
const INVALIDATED_PARAM = 'x-sveltekit-invalidated';

/** The day list's shape, as far as this module needs it (GET /api/field/day). */
export type DayForOffline = { day: string; today: string; jobs: Array<{ call: { id: string; status: string }; unit: { id: string } | null }> };

export function isDataPath(pathname: string): boolean {
	return pathname.endsWith('/__data.json');
}

/** A call's report versions (`/api/calls/<id>/reports`) or one version's PDF: the job page's report list. */
const REPORT_PATH = /^\/api\/calls\/[^/]+\/reports(\/[^/]+\/pdf)?$/;
export function isReportPath(pathname: string): boolean {
	return REPORT_PATH.test(pathname);
}

/**
 * The PDFs a report list names (its `pdfUrl`s, same-origin report paths only): kept with the list
 * so a report can be shown to the customer with no signal. Nothing for an answer of another shape.
 */
export function reportPdfUrls(list: unknown): string[] {
	if (!Array.isArray(list)) return [];
	return list
		.map((v) => (v && typeof v === 'object' ? (v as { pdfUrl?: unknown }).pdfUrl : null))
		.filter((u): u is string => typeof u === 'string' && u.startsWith('/') && isReportPath(u));
}

/**
 * The key a request is kept under. SvelteKit asks for a page's data with a flag per node saying
 * which ones it needs again (`x-sveltekit-invalidated=001`); that flag depends on where the
 * client comes from, not on what the data is, so it is left out: the copy kept answers any of
 * them (see `dataToKeep`). Everything else in the query (the day of My day) stays in the key.
 */
export function cacheKeyOf(href: string): string {
	const url = new URL(href);
	if (isDataPath(url.pathname) && url.searchParams.has(INVALIDATED_PARAM)) url.searchParams.delete(INVALIDATED_PARAM);
	// "Download" and "open" fetch the same PDF: one copy answers both.
	if (isReportPath(url.pathname)) url.searchParams.delete('download');
	url.hash = '';
	return url.href;
}

type DataNode = { type: string; [key: string]: unknown } | null;
type DataHead = { type: string; nodes?: DataNode[] };

function headOf(text: string): DataHead | null {
	try {
		const head = JSON.parse(text.split('\n', 1)[0]) as unknown;
		return head && typeof head === 'object' ? (head as DataHead) : null;
	} catch {
		return null;
	}
}

/**
 * What to keep of a fresh `__data.json` answer, given the copy already kept:
 * - `{ keep }`: the text to store. Nodes the client did not ask for come back as `skip`; they are
 *   filled from the kept copy, so the stored answer stays complete for any later navigation.
 * - `{ forget: true }`: a node failed (the call is no longer the technician's, for one): the kept
 *   copy must go too, the page is not theirs to open any more.
 * - `{ forget: false }`: not data to keep (a redirect to the login, an unreadable answer); the
 *   kept copy stays as it is.
 */
export function dataToKeep(fresh: string, cached: string | null): { keep: string } | { forget: boolean } {
	const head = headOf(fresh);
	if (!head || head.type !== 'data' || !Array.isArray(head.nodes)) return { forget: false };
	if (head.nodes.some((n) => n?.type === 'error')) return { forget: true };
	if (!head.nodes.some((n) => n?.type === 'skip') || cached === null) return { keep: fresh };
	const old = headOf(cached);
	if (!old || old.type !== 'data' || !Array.isArray(old.nodes) || old.nodes.length !== head.nodes.length) return { keep: fresh };
	const oldNodes = old.nodes;
	const merged: DataHead = { ...head, nodes: head.nodes.map((n, i) => (n?.type === 'skip' && oldNodes[i]?.type === 'data' ? oldNodes[i] : n)) };
	const lines = fresh.split('\n');
	return { keep: [JSON.stringify(merged), ...lines.slice(1)].join('\n') };
}

/**
 * Everything a day's jobs need with no signal: My day itself (page and data), and for each job
 * its page, its report page (for calls that can still be reported or corrected), its report
 * versions (the PDFs they name are added as the list is read: `reportPdfUrls`) and the unit's
 * history. Pages are kept twice: the HTML (the app opened or reloaded offline) and SvelteKit's
 * data (a tap from page to page).
 */
export function offlineUrls(days: DayForOffline[]): string[] {
	const urls = new Set<string>();
	const page = (path: string, query = '') => {
		urls.add(`${path}${query}`);
		urls.add(`${path}/__data.json${query}`);
	};
	for (const d of days) {
		page('/t', d.day === d.today ? '' : `?date=${encodeURIComponent(d.day)}`);
		for (const job of d.jobs) {
			const base = `/t/calls/${encodeURIComponent(job.call.id)}`;
			page(base);
			if (job.call.status !== 'cancelled') page(`${base}/report`);
			urls.add(`/api/calls/${encodeURIComponent(job.call.id)}/reports`);
			if (job.unit) urls.add(`/api/field/units/${encodeURIComponent(job.unit.id)}/history`);
		}
	}
	return [...urls];
}

/**
 * Kept copies that belong to one day's work (a job, its report, a unit, another day of My day):
 * when they are not in the current list any more, the service worker deletes them, so a
 * reassigned or old call does not stay on the phone.
 */
export function isPrunable(href: string): boolean {
	const url = new URL(href);
	const p = url.pathname;
	if (p.startsWith('/t/calls/') || p.startsWith('/api/field/units/') || isReportPath(p)) return true;
	return (p === '/t' || p === '/t/__data.json') && url.searchParams.has('date');
}

/**
 * The kept copies to delete: prunable ones not in the list just kept (keys compared as
 * `cacheKeyOf` makes them), and any kept under a key `cacheKeyOf` would not make (left by an
 * earlier version of the worker, never read again).
 */
export function keysToPrune(cachedKeys: string[], keptUrls: string[], origin: string): string[] {
	const keep = new Set(keptUrls.map((u) => cacheKeyOf(new URL(u, origin).href)));
	return cachedKeys.filter((k) => cacheKeyOf(k) !== k || (isPrunable(k) && !keep.has(k)));
}
