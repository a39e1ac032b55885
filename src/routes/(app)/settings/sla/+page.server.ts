import { Temporal } from 'temporal-polyfill';
import { clientIp, formFailure } from '$lib/server/http';
import { listCalendars } from '$lib/server/sla/calendars.service';
import { previewDueTimes } from '$lib/server/sla/due-times.service';
import { createSlaLevel, deleteSlaLevel, listSlaLevels, updateSlaLevel } from '$lib/server/sla/sla-levels.service';
import { levelFromForm, targetInputs } from './form-data';
import type { Actions, PageServerLoad } from './$types';

const ALL = { page: 1, pageSize: 200, offset: 0 };

export const load: PageServerLoad = async ({ locals, parent }) => {
	await parent();
	const [levels, calendars] = await Promise.all([listSlaLevels(locals.user!, ALL), listCalendars(locals.user!, ALL)]);
	const now = Temporal.Now.zonedDateTimeISO('Europe/Rome').toPlainDateTime().round({ smallestUnit: 'minute', roundingMode: 'floor' });
	return {
		levels: levels.items,
		calendars: calendars.items.map((c) => ({ id: c.id, name: c.name })),
		nowLocal: now.toString().slice(0, 16)
	};
};

function text(form: FormData, key: string): string {
	return String(form.get(key) ?? '').trim();
}

export const actions: Actions = {
	create: async (event) => {
		const form = await event.request.formData();
		const values = levelFromForm(form);
		try {
			await createSlaLevel(event.locals.user!, values, clientIp(event));
		} catch (error) {
			return formFailure(error, { action: 'create', values: { ...values, targets: undefined }, raw: targetInputs(form) });
		}
		return { action: 'create', ok: true, code: values.code };
	},
	update: async (event) => {
		const form = await event.request.formData();
		const id = text(form, 'id');
		const values = levelFromForm(form);
		try {
			await updateSlaLevel(event.locals.user!, id, values, clientIp(event));
		} catch (error) {
			return formFailure(error, { action: 'update', id, values: { ...values, targets: undefined }, raw: targetInputs(form) });
		}
		return { action: 'update', id, ok: true };
	},
	makeDefault: async (event) => {
		const form = await event.request.formData();
		const id = text(form, 'id');
		try {
			await updateSlaLevel(event.locals.user!, id, { isDefault: true }, clientIp(event));
		} catch (error) {
			return formFailure(error, { action: 'makeDefault', id });
		}
		return { action: 'makeDefault', id, ok: true };
	},
	delete: async (event) => {
		const form = await event.request.formData();
		const id = text(form, 'id');
		try {
			await deleteSlaLevel(event.locals.user!, id, clientIp(event));
		} catch (error) {
			return formFailure(error, { action: 'delete', id });
		}
		return { action: 'delete', id, ok: true };
	},
	preview: async (event) => {
		const form = await event.request.formData();
		const values = { levelId: text(form, 'levelId'), priority: text(form, 'priority'), openedAt: text(form, 'openedAt'), comuneIstat: text(form, 'comuneIstat') };
		try {
			const preview = await previewDueTimes(event.locals.user!, values.levelId, {
				priority: values.priority,
				openedAt: values.openedAt,
				comuneIstat: values.comuneIstat
			});
			return { action: 'preview', ok: true, values, preview };
		} catch (error) {
			return formFailure(error, { action: 'preview', values });
		}
	}
};
