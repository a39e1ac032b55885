import { error, redirect } from '@sveltejs/kit';
import { NotFoundError } from '$lib/server/errors';
import { clientIp, formFailure } from '$lib/server/http';
import { technicianFromForm } from '$lib/server/technicians/technician-form';
import { createTechnician, getTechnician, technicianFormOptions, updateTechnician } from '$lib/server/technicians/technicians.service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const options = await technicianFormOptions(locals.user!);
	if (params.id === 'new') return { ...options, technician: null };
	try {
		return { ...options, technician: await getTechnician(locals.user!, params.id) };
	} catch (e) {
		if (e instanceof NotFoundError) error(404, 'Not found');
		throw e;
	}
};

export const actions: Actions = {
	save: async (event) => {
		const form = await event.request.formData();
		let id = event.params.id;
		try {
			const input = technicianFromForm(form);
			if (id === 'new') id = await createTechnician(event.locals.user!, input, clientIp(event));
			else await updateTechnician(event.locals.user!, id, input, clientIp(event));
		} catch (e) {
			// The page keeps what was typed: the editors re-read their JSON from `values`.
			return formFailure(e, { values: Object.fromEntries([...form.keys()].map((k) => [k, k === 'areaIds' ? form.getAll(k).map(String) : String(form.get(k))])) });
		}
		if (event.params.id === 'new') redirect(303, `/admin/technicians/${id}?saved=1`);
		return { ok: true };
	}
};
