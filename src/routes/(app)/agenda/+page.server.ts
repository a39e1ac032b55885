import { error, redirect } from '@sveltejs/kit';
import { ValidationError } from '$lib/server/errors';
import { boardDay, boardPage, todayInRome } from '$lib/server/dispatch/board-page.service';
import { mondayOf } from '$lib/components/board/board-time';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, depends }) => {
	depends('board:page');
	let monday: string;
	try {
		monday = mondayOf(boardDay(url.searchParams.get('week')));
	} catch (e) {
		if (e instanceof ValidationError) redirect(303, `/agenda?week=${mondayOf(todayInRome())}`);
		throw e;
	}
	try {
		const board = await boardPage(locals.user!, monday);
		const requested = url.searchParams.get('technician');
		const technician = board.technicians.find((t) => t.id === requested) ?? board.technicians[0] ?? null;
		return { board, monday, technicianId: technician?.id ?? null };
	} catch (e) {
		if (e instanceof Error && 'code' in e && e.code === 'forbidden') error(403, 'Forbidden');
		throw e;
	}
};
