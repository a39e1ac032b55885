import { ValidationError } from '$lib/server/errors';
import { jsonError } from '$lib/server/http';
import { parseOsmAndParams, parseTraccarJson, type TrackerFix } from '$lib/server/positions/osmand';
import { authenticateTracker, reportTrackerPosition } from '$lib/server/positions/positions.service';
import type { RequestEvent, RequestHandler } from './$types';

/** OsmAnd / Traccar Client endpoint (docs/api/positions.md): a fix per request, answered 200 with no body. */
async function fixOf(event: RequestEvent, now: Date): Promise<TrackerFix> {
	const params = new URLSearchParams(event.url.searchParams);
	params.delete('key');
	if (event.request.method === 'POST' && (event.request.headers.get('content-type') ?? '').includes('application/json')) {
		let body: unknown;
		try {
			body = await event.request.json();
		} catch {
			throw new ValidationError('body', 'body must be valid JSON');
		}
		return parseTraccarJson(body, now);
	}
	// Form-encoded bodies never get here: SvelteKit refuses cross-site form posts (CSRF). Trackers
	// send POST with the parameters in the query string, as the Traccar Client does.
	return parseOsmAndParams(params, now);
}

async function handle(event: RequestEvent): Promise<Response> {
	try {
		const now = new Date();
		const credentials = { authorization: event.request.headers.get('authorization'), key: event.url.searchParams.get('key') };
		const key = await authenticateTracker(credentials);
		await reportTrackerPosition(key, await fixOf(event, now), now);
		return new Response(null, { status: 200 });
	} catch (error) {
		return jsonError(error);
	}
}

export const GET: RequestHandler = handle;
export const POST: RequestHandler = handle;
