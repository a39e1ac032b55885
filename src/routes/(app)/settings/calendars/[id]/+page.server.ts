import { error, redirect } from '@sveltejs/kit';
import { NotFoundError } from '$lib/server/errors';
import { clientIp, formFailure } from '$lib/server/http';
import { addClosure, deleteCalendar, getCalendar, removeClosure, updateCalendar } from '$lib/server/sla/calendars.service';
import { calendarFromForm, text } from '../form-data';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, parent }) => {
	await parent();
	try {
		return { calendar: await getCalendar(locals.user!, params.id) };
	} catch (e) {
		if (e instanceof NotFoundError) error(404, 'Not found');
		throw e;
	}
};

export const actions: Actions = {
	update: async (event) => {
		const values = calendarFromForm(await event.request.formData());
		try {
			await updateCalendar(event.locals.user!, event.params.id, values, clientIp(event));
		} catch (e) {
			return formFailure(e, { action: 'update', values });
		}
		return { action: 'update', ok: true };
	},
	addClosure: async (event) => {
		const form = await event.request.formData();
		const values = { day: text(form, 'day'), name: text(form, 'name') };
		try {
			await addClosure(event.locals.user!, event.params.id, values, clientIp(event));
		} catch (e) {
			return formFailure(e, { action: 'addClosure', values });
		}
		return { action: 'addClosure', ok: true };
	},
	delete: async (event) => {
		try {
			await deleteCalendar(event.locals.user!, event.params.id, clientIp(event));
		} catch (e) {
			return formFailure(e, { action: 'delete' });
		}
		redirect(303, '/settings/calendars?deleted=1');
	},
	removeClosure: async (event) => {
		const form = await event.request.formData();
		try {
			await removeClosure(event.locals.user!, event.params.id, text(form, 'day'), clientIp(event));
		} catch (e) {
			return formFailure(e, { action: 'removeClosure' });
		}
		return { action: 'removeClosure', ok: true };
	}
};
