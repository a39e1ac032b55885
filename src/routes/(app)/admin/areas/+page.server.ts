import { areasForEditor, createArea, deleteArea, updateArea } from '$lib/server/areas/areas.service';
import { ValidationError } from '$lib/server/errors';
import { clientIp, formFailure } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => areasForEditor(locals.user!);

function fields(form: FormData) {
	const name = String(form.get('name') ?? '');
	const geometryText = String(form.get('geometry') ?? '').trim();
	return { name, geometryText };
}

/** The shape travels as GeoJSON text in a form field (filled by the map, or pasted). */
function geometryOf(text: string): unknown {
	if (!text) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		throw new ValidationError('geometry', 'the shape must be valid JSON (GeoJSON)');
	}
}

export const actions: Actions = {
	create: async (event) => {
		const values = fields(await event.request.formData());
		try {
			const { area, repaired } = await createArea(event.locals.user!, { name: values.name, geometry: geometryOf(values.geometryText) }, clientIp(event));
			return { action: 'create', ok: true, id: area.id, repaired };
		} catch (error) {
			return formFailure(error, { action: 'create', values });
		}
	},
	update: async (event) => {
		const form = await event.request.formData();
		const id = String(form.get('id') ?? '');
		const values = fields(form);
		try {
			const geometry = geometryOf(values.geometryText);
			const { repaired } = await updateArea(event.locals.user!, id, geometry === undefined ? { name: values.name } : { name: values.name, geometry }, clientIp(event));
			return { action: 'update', ok: true, id, repaired };
		} catch (error) {
			return formFailure(error, { action: 'update', id, values });
		}
	},
	delete: async (event) => {
		const id = String((await event.request.formData()).get('id') ?? '');
		try {
			await deleteArea(event.locals.user!, id, clientIp(event));
			return { action: 'delete', ok: true, id };
		} catch (error) {
			return formFailure(error, { action: 'delete', id });
		}
	}
};
