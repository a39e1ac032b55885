import { describe, expect, it } from 'vitest';
import { cacheKeyOf, dataToKeep, isPrunable, isReportPath, keysToPrune, offlineUrls, reportPdfUrls } from './offline-cache';

const O = 'https://app.example';
const CALL = '11111111-1111-4111-8111-111111111111';
const UNIT = '22222222-2222-4222-8222-222222222222';

describe('cacheKeyOf', () => {
	it('drops the invalidation flags of a data request', () => expect(cacheKeyOf(`${O}/t/calls/${CALL}/__data.json?x-sveltekit-invalidated=001`)).toBe(`${O}/t/calls/${CALL}/__data.json`));
	it('keeps the rest of the query of a data request', () => expect(cacheKeyOf(`${O}/t/__data.json?date=2026-03-02&x-sveltekit-invalidated=01`)).toBe(`${O}/t/__data.json?date=2026-03-02`));
	it('leaves pages alone', () => expect(cacheKeyOf(`${O}/t?date=2026-03-02`)).toBe(`${O}/t?date=2026-03-02`));
	it('leaves the same parameter alone outside data requests', () => expect(cacheKeyOf(`${O}/api/field/day?x-sveltekit-invalidated=1`)).toBe(`${O}/api/field/day?x-sveltekit-invalidated=1`));
	it('drops the fragment', () => expect(cacheKeyOf(`${O}/t/calls/${CALL}#history`)).toBe(`${O}/t/calls/${CALL}`));
	it('keeps one copy of a PDF for "open" and "download"', () => expect(cacheKeyOf(`${O}/api/calls/${CALL}/reports/r1/pdf?download=1`)).toBe(`${O}/api/calls/${CALL}/reports/r1/pdf`));
	it('leaves a download flag alone elsewhere', () => expect(cacheKeyOf(`${O}/api/field/day?download=1`)).toBe(`${O}/api/field/day?download=1`));
});

const node = (data: unknown) => ({ type: 'data', data: [data], uses: {} });
const text = (head: unknown, ...more: unknown[]) => [head, ...more].map((x) => JSON.stringify(x)).join('\n') + '\n';

describe('dataToKeep', () => {
	const full = text({ type: 'data', nodes: [node('user'), node('layout'), node('job v1')] });
	it('keeps a complete answer as it is', () => expect(dataToKeep(full, null)).toEqual({ keep: full }));
	it('fills the nodes the client skipped from the copy kept', () => {
		const partial = text({ type: 'data', nodes: [{ type: 'skip' }, { type: 'skip' }, node('job v2')] });
		const kept = dataToKeep(partial, full);
		expect(kept).toEqual({ keep: text({ type: 'data', nodes: [node('user'), node('layout'), node('job v2')] }) });
	});
	it('keeps a partial answer when nothing was kept before', () => {
		const partial = text({ type: 'data', nodes: [{ type: 'skip' }, null, node('job v2')] });
		expect(dataToKeep(partial, null)).toEqual({ keep: partial });
	});
	it('keeps what follows the first line (streamed data)', () => {
		const partial = text({ type: 'data', nodes: [{ type: 'skip' }, null, node('job v2')] }, { type: 'chunk', id: 1, data: [1] });
		const kept = dataToKeep(partial, full) as { keep: string };
		expect(kept.keep.split('\n')[1]).toBe(JSON.stringify({ type: 'chunk', id: 1, data: [1] }));
		expect(JSON.parse(kept.keep.split('\n')[0]).nodes[0]).toEqual(node('user'));
	});
	it('does not mix answers of a different shape', () => {
		const partial = text({ type: 'data', nodes: [{ type: 'skip' }, node('job v2')] });
		expect(dataToKeep(partial, full)).toEqual({ keep: partial });
	});
	it('forgets the kept copy when a node failed (the call is not the technician’s any more)', () =>
		expect(dataToKeep(text({ type: 'data', nodes: [node('user'), null, { type: 'error', status: 404, error: { message: 'Not Found' } }] }), full)).toEqual({ forget: true }));
	it('neither keeps nor forgets a redirect (to the login)', () => expect(dataToKeep(text({ type: 'redirect', location: '/login' }), full)).toEqual({ forget: false }));
	it('neither keeps nor forgets what is not data', () => expect(dataToKeep('<!doctype html>', full)).toEqual({ forget: false }));
});

describe('offlineUrls', () => {
	const today = { day: '2026-03-02', today: '2026-03-02', jobs: [{ call: { id: CALL, status: 'confirmed' }, unit: { id: UNIT } }] };
	const tomorrow = { day: '2026-03-03', today: '2026-03-02', jobs: [{ call: { id: 'c2', status: 'cancelled' }, unit: null }] };
	const urls = offlineUrls([today, tomorrow]);
	it('keeps My day of today and of tomorrow, page and data', () => expect(urls).toEqual(expect.arrayContaining(['/t', '/t/__data.json', '/t?date=2026-03-03', '/t/__data.json?date=2026-03-03'])));
	it('keeps each job’s page, report page, their data and the unit’s history', () =>
		expect(urls).toEqual(expect.arrayContaining([`/t/calls/${CALL}`, `/t/calls/${CALL}/__data.json`, `/t/calls/${CALL}/report`, `/t/calls/${CALL}/report/__data.json`, `/api/field/units/${UNIT}/history`])));
	it('keeps no report page for a cancelled call', () => {
		expect(urls).toContain('/t/calls/c2');
		expect(urls).not.toContain('/t/calls/c2/report');
	});
	it('keeps each job’s report versions, cancelled or not (the list says what was already reported)', () =>
		expect(urls).toEqual(expect.arrayContaining([`/api/calls/${CALL}/reports`, '/api/calls/c2/reports'])));
	it('lists each address once', () => expect(new Set(urls).size).toBe(urls.length));
	it('keeps My day alone on a day with no jobs', () => expect(offlineUrls([{ ...today, jobs: [] }])).toEqual(['/t', '/t/__data.json']));
});

describe('report paths and the PDFs a report list names', () => {
	it.each([
		[`/api/calls/${CALL}/reports`, true],
		[`/api/calls/${CALL}/reports/r1/pdf`, true],
		[`/api/calls/${CALL}/reports/r1`, false],
		[`/api/calls/${CALL}`, false],
		[`/api/calls/${CALL}/reports/r1/pdf/x`, false],
		['/t/calls/x/report', false]
	])('%s is a report path: %s', (path, expected) => expect(isReportPath(path)).toBe(expected));
	it('takes the pdfUrl of each version', () =>
		expect(reportPdfUrls([{ id: 'r1', pdfUrl: `/api/calls/${CALL}/reports/r1/pdf` }, { id: 'r2', pdfUrl: `/api/calls/${CALL}/reports/r2/pdf` }])).toEqual([
			`/api/calls/${CALL}/reports/r1/pdf`,
			`/api/calls/${CALL}/reports/r2/pdf`
		]));
	it.each<[string, unknown]>([
		['an error answer', { error: 'forbidden' }],
		['nothing', null],
		['another site', [{ pdfUrl: 'https://elsewhere.example/x.pdf' }]],
		['a protocol-relative address', [{ pdfUrl: `//elsewhere.example/api/calls/${CALL}/reports/r1/pdf` }]],
		['another path', [{ pdfUrl: '/logout' }]],
		['no address', [{ id: 'r1' }, null, 3]]
	])('takes nothing from %s', (_name, list) => expect(reportPdfUrls(list)).toEqual([]));
});

describe('pruning', () => {
	it('prunes jobs, units and other days only', () => {
		expect(isPrunable(`${O}/t/calls/${CALL}`)).toBe(true);
		expect(isPrunable(`${O}/api/field/units/${UNIT}/history`)).toBe(true);
		expect(isPrunable(`${O}/api/calls/${CALL}/reports`)).toBe(true);
		expect(isPrunable(`${O}/api/calls/${CALL}/reports/r1/pdf`)).toBe(true);
		expect(isPrunable(`${O}/t?date=2026-03-01`)).toBe(true);
		expect(isPrunable(`${O}/t`)).toBe(false);
		expect(isPrunable(`${O}/t/free`)).toBe(false);
		expect(isPrunable(`${O}/api/field/day`)).toBe(false);
	});
	it('deletes what is not in the list just kept, whatever its invalidation flags', () => {
		const cached = [`${O}/t`, `${O}/t/__data.json`, `${O}/t/calls/${CALL}`, `${O}/t/calls/${CALL}/__data.json`, `${O}/t/calls/old`, `${O}/t/calls/old/__data.json`, `${O}/t?date=2026-03-01`, `${O}/t/free`];
		expect(keysToPrune(cached, offlineUrls([{ day: '2026-03-02', today: '2026-03-02', jobs: [{ call: { id: CALL, status: 'on_site' }, unit: null }] }]), O)).toEqual([
			`${O}/t/calls/old`,
			`${O}/t/calls/old/__data.json`,
			`${O}/t?date=2026-03-01`
		]);
	});
	it('deletes copies kept under a key with the invalidation flags (an earlier worker kept them so)', () => {
		const old = `${O}/t/__data.json?x-sveltekit-invalidated=01`;
		expect(keysToPrune([old, `${O}/t/__data.json`], ['/t', '/t/__data.json'], O)).toEqual([old]);
	});
});
