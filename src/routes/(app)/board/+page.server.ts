import { error, redirect } from '@sveltejs/kit';
import { ValidationError } from '$lib/server/errors';
import { boardPage, todayInRome } from '$lib/server/dispatch/board-page.service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, depends }) => {
	depends('board:page');
	try {
		return { board: await boardPage(locals.user!, url.searchParams.get('date')) };
	} catch (e) {
		// A malformed ?date= goes back to today rather than to an error page.
		if (e instanceof ValidationError && e.field === 'date') redirect(303, `/board?date=${todayInRome()}`);
		if (e instanceof Error && 'code' in e && e.code === 'forbidden') error(403, 'Forbidden');
		throw e;
	}
};
