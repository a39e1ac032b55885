import { importCustomers, importSites } from '$lib/server/customers/import.service';
import { ValidationError } from '$lib/server/errors';
import { clientIp, formFailure } from '$lib/server/http';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const kind = form.get('kind') === 'sites' ? 'sites' : 'customers';
		const dryRun = form.get('mode') !== 'import';
		const file = form.get('file');
		try {
			if (!(file instanceof File) || file.size === 0) throw new ValidationError('file', 'choose a CSV file');
			const run = kind === 'sites' ? importSites : importCustomers;
			const report = await run(event.locals.user!, await file.text(), { dryRun }, clientIp(event));
			return { kind, fileName: file.name, report };
		} catch (error) {
			return formFailure(error, { kind });
		}
	}
};
