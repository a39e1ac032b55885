import { json } from '@sveltejs/kit';
import { ValidationError } from '$lib/server/errors';
import { clientIp, jsonError } from '$lib/server/http';
import { importReadings } from '$lib/server/readings/import.service';
import type { RequestHandler } from './$types';

const MAX_BYTES = 10 * 1024 * 1024;

/** The CSV is the request body (text/csv) or the `file` field of a multipart form; ?dryRun=true checks only. */
export const POST: RequestHandler = async (event) => {
	try {
		const dryRun = event.url.searchParams.get('dryRun');
		if (dryRun !== null && dryRun !== 'true' && dryRun !== 'false') throw new ValidationError('dryRun', 'must be true or false');
		const type = event.request.headers.get('content-type') ?? '';
		let text: string;
		if (type.startsWith('multipart/form-data')) {
			const file = (await event.request.formData()).get('file');
			if (!(file instanceof File)) throw new ValidationError('file', 'required');
			if (file.size > MAX_BYTES) throw new ValidationError('file', 'file too large (10 MB at most)');
			text = await file.text();
		} else {
			text = await event.request.text();
			if (text.length > MAX_BYTES) throw new ValidationError('file', 'file too large (10 MB at most)');
		}
		if (!text.trim()) throw new ValidationError('file', 'required');
		const report = await importReadings(event.locals.user, text, { dryRun: dryRun === 'true' }, clientIp(event));
		if (report.problems.length) {
			const message = `${new Set(report.problems.map((p) => p.line)).size} row(s) have problems; nothing was written`;
			return json({ error: 'validation', message, field: 'file', ...report }, { status: 400 });
		}
		return json(report);
	} catch (error) {
		return jsonError(error);
	}
};
