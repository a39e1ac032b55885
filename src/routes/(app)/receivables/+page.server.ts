import { can } from '$lib/domain/permissions';
import { ValidationError } from '$lib/server/errors';
import { clientIp, formFailure } from '$lib/server/http';
import { refuseIfForbidden } from '$lib/server/page-guard';
import { importReceivables } from '$lib/server/receivables/import.service';
import { receivableSources } from '$lib/server/receivables/receivables.service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	refuseIfForbidden(locals);
	return { sources: await receivableSources(locals.user), canImport: can(locals.user!.role, 'receivables.write') };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const dryRun = form.get('mode') !== 'import';
		const file = form.get('file');
		try {
			if (!(file instanceof File) || file.size === 0) throw new ValidationError('file', 'choose a CSV file');
			const report = await importReceivables(event.locals.user!, await file.text(), { dryRun }, clientIp(event));
			return { fileName: file.name, report };
		} catch (error) {
			return formFailure(error);
		}
	}
};
