import { redirect } from '@sveltejs/kit';
import { clientIp, formFailure } from '$lib/server/http';
import { addPatronDay, createCalendar, listCalendars, listPatronDays, removePatronDay } from '$lib/server/sla/calendars.service';
import { calendarFromForm, integer, text } from './form-data';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, parent }) => {
	await parent();
	const [calendars, patronDays] = await Promise.all([listCalendars(locals.user!, { page: 1, pageSize: 200, offset: 0 }), listPatronDays(locals.user!)]);
	return { calendars: calendars.items, patronDays };
};

export const actions: Actions = {
	create: async (event) => {
		const values = calendarFromForm(await event.request.formData());
		let id: string;
		try {
			id = (await createCalendar(event.locals.user!, values, clientIp(event))).id;
		} catch (error) {
			return formFailure(error, { action: 'create', values });
		}
		redirect(303, `/settings/calendars/${id}?created=1`);
	},
	addPatron: async (event) => {
		const form = await event.request.formData();
		const values = { comuneIstat: text(form, 'comuneIstat'), province: text(form, 'province'), month: text(form, 'month'), day: text(form, 'day'), name: text(form, 'name') };
		try {
			await addPatronDay(
				event.locals.user!,
				{ comuneIstat: values.comuneIstat, province: values.province, month: integer(form, 'month'), day: integer(form, 'day'), name: values.name },
				clientIp(event)
			);
		} catch (error) {
			return formFailure(error, { action: 'addPatron', values });
		}
		return { action: 'addPatron', ok: true };
	},
	removePatron: async (event) => {
		const form = await event.request.formData();
		try {
			await removePatronDay(event.locals.user!, text(form, 'id'), clientIp(event));
		} catch (error) {
			return formFailure(error, { action: 'removePatron' });
		}
		return { action: 'removePatron', ok: true };
	}
};
