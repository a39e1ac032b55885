import { json, type RequestEvent } from '@sveltejs/kit';
import { addCoveredEquipment, CoverageConflictError, listCoveredEquipment, removeCoveredEquipment } from '$lib/server/contracts/coverage.service';
import { errorBody } from '$lib/server/errors';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

function coverageError(error: unknown): Response {
	// The 409 names the contract that already covers the unit, so the caller can go and look.
	if (error instanceof CoverageConflictError) return json({ ...errorBody(error), contract: error.contract }, { status: 409 });
	return jsonError(error);
}

export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		return json({ items: await listCoveredEquipment(locals.user!, params.id) });
	} catch (error) {
		return jsonError(error);
	}
};

/** Body: { equipmentId | serial (+ brand), fromDate, toDate? }. */
export const POST: RequestHandler = async (event) => {
	try {
		return json(await addCoveredEquipment(event.locals.user!, event.params.id, await readJson(event), clientIp(event)), { status: 201 });
	} catch (error) {
		return coverageError(error);
	}
};

/** { coverageId | equipmentId, toDate? } from the JSON body or the query string. */
async function removalInput(event: RequestEvent): Promise<unknown> {
	if ((event.request.headers.get('content-type') ?? '').includes('application/json')) return readJson(event);
	return Object.fromEntries([...event.url.searchParams].filter(([k]) => ['coverageId', 'equipmentId', 'toDate'].includes(k)));
}

export const DELETE: RequestHandler = async (event) => {
	try {
		return json(await removeCoveredEquipment(event.locals.user!, event.params.id, await removalInput(event), clientIp(event)));
	} catch (error) {
		return jsonError(error);
	}
};
