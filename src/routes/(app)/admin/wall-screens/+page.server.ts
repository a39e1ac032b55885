import { clientIp, formFailure } from '$lib/server/http';
import { areaChoicesFor } from '$lib/server/map/map.service';
import { dueSoonMinutes, setDueSoonMinutes } from '$lib/server/sla/due-soon.service';
import { refuseIfForbidden } from '$lib/server/page-guard';
import { createWallScreen, listWallScreens, revokeWallScreen, updateWallScreen } from '$lib/server/wall/wall.service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	refuseIfForbidden(locals);
	const [screens, areas, warningMinutes] = await Promise.all([listWallScreens(locals.user), areaChoicesFor(locals.user), dueSoonMinutes()]);
	return { screens, areas, warningMinutes };
};

function screenValues(form: FormData) {
	const rotate = String(form.get('rotateSeconds') ?? '').trim();
	return {
		name: String(form.get('name') ?? ''),
		areaIds: form.getAll('areaIds').map(String).filter(Boolean),
		rotateSeconds: rotate === '' ? null : rotate
	};
}

export const actions: Actions = {
	create: async (event) => {
		const values = screenValues(await event.request.formData());
		try {
			const created = await createWallScreen(event.locals.user, values, clientIp(event));
			// The URL is shown this once: only the token's hash is kept.
			return { action: 'create', ok: true, url: `${event.url.origin}${created.path}`, name: values.name };
		} catch (error) {
			return formFailure(error, { action: 'create', values });
		}
	},
	update: async (event) => {
		const form = await event.request.formData();
		try {
			await updateWallScreen(event.locals.user, String(form.get('id') ?? ''), screenValues(form), clientIp(event));
			return { action: 'update', ok: true };
		} catch (error) {
			return formFailure(error, { action: 'update' });
		}
	},
	revoke: async (event) => {
		const form = await event.request.formData();
		try {
			await revokeWallScreen(event.locals.user, String(form.get('id') ?? ''), clientIp(event));
			return { action: 'revoke', ok: true };
		} catch (error) {
			return formFailure(error, { action: 'revoke' });
		}
	},
	warning: async (event) => {
		const form = await event.request.formData();
		try {
			await setDueSoonMinutes(event.locals.user, form.get('warningMinutes'));
			return { action: 'warning', ok: true };
		} catch (error) {
			return formFailure(error, { action: 'warning' });
		}
	}
};
