import { error, redirect } from '@sveltejs/kit';
import { ValidationError } from '$lib/server/errors';
import { boardDay, boardPage, todayInRome } from '$lib/server/dispatch/board-page.service';
import { mondayOf } from '$lib/components/board/board-time';
import type { PageServerLoad } from './$types';

/**
 * Two calendar views over the same day docs as the board: a technician's week
 * (?view=week&week=<any day of it>&technician=<id>) and a team's day (?view=team&date=<day>&team=<name>).
 */
export const load: PageServerLoad = async ({ locals, url, depends }) => {
	depends('board:page');
	const view = url.searchParams.get('view') === 'team' ? 'team' : 'week';
	let day: string;
	try {
		day = boardDay(url.searchParams.get(view === 'team' ? 'date' : 'week'));
	} catch (e) {
		if (e instanceof ValidationError) redirect(303, view === 'team' ? `/agenda?view=team&date=${todayInRome()}` : `/agenda?week=${mondayOf(todayInRome())}`);
		throw e;
	}
	const monday = mondayOf(day);
	try {
		const board = await boardPage(locals.user!, view === 'team' ? day : monday);
		const teams = [...new Set(board.technicians.map((t) => t.team ?? ''))].sort((a, b) => a.localeCompare(b, 'it'));
		if (view === 'team') {
			const requested = url.searchParams.get('team');
			const team = requested !== null && teams.includes(requested) ? requested : (teams[0] ?? '');
			return { board, view, day, monday, teams, team, technicianId: null };
		}
		const requested = url.searchParams.get('technician');
		const technician = board.technicians.find((t) => t.id === requested) ?? board.technicians[0] ?? null;
		return { board, view, day: monday, monday, teams, team: technician?.team ?? '', technicianId: technician?.id ?? null };
	} catch (e) {
		if (e instanceof Error && 'code' in e && e.code === 'forbidden') error(403, 'Forbidden');
		throw e;
	}
};
