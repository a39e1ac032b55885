import { fail } from '@sveltejs/kit';
import { clientIp, formFailure } from '$lib/server/http';
import { importReadings } from '$lib/server/readings/import.service';
import type { Actions } from './$types';

const MAX_BYTES = 10 * 1024 * 1024;

async function run(event: Parameters<Actions[string]>[0], dryRun: boolean) {
	const form = await event.request.formData();
	const file = form.get('file');
	if (!(file instanceof File) || file.size === 0) return fail(400, { action: dryRun ? 'check' : 'import', error: 'validation', field: 'file', message: 'required', report: null });
	if (file.size > MAX_BYTES) return fail(400, { action: dryRun ? 'check' : 'import', error: 'validation', field: 'file', message: 'file too large (10 MB at most)', report: null });
	try {
		const report = await importReadings(event.locals.user, await file.text(), { dryRun }, clientIp(event));
		return { action: dryRun ? 'check' : 'import', fileName: file.name, report };
	} catch (error) {
		return formFailure(error, { action: dryRun ? 'check' : 'import', report: null });
	}
}

export const actions: Actions = {
	check: (event) => run(event, true),
	import: (event) => run(event, false)
};
