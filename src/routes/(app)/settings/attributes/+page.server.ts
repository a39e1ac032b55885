import { createDefinition, deleteDefinition, listDefinitions, updateDefinition } from '$lib/server/equipment/attributes.service';
import { clientIp, formFailure } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	return { definitions: await listDefinitions(locals.user!) };
};

function definitionValues(form: FormData): Record<string, string> {
	const keys = ['category', 'code', 'labelIt', 'labelEn', 'type', 'minValue', 'maxValue', 'choices', 'unit', 'sortOrder'];
	const values: Record<string, string> = {};
	for (const key of keys) if (form.has(key)) values[key] = String(form.get(key) ?? '');
	// An unticked checkbox sends nothing: the form says it carries the field with a hidden marker.
	if (form.has('hasRequired')) values.required = form.get('required') === 'on' ? 'true' : 'false';
	return values;
}

export const actions: Actions = {
	create: async (event) => {
		const form = await event.request.formData();
		const values = definitionValues(form);
		try {
			await createDefinition(event.locals.user!, values, clientIp(event));
		} catch (error) {
			return formFailure(error, { action: 'create', values });
		}
		return { action: 'create', ok: true };
	},
	update: async (event) => {
		const form = await event.request.formData();
		const id = String(form.get('id') ?? '');
		const { category: _c, code: _k, ...values } = definitionValues(form);
		try {
			await updateDefinition(event.locals.user!, id, values, clientIp(event));
		} catch (error) {
			return formFailure(error, { action: 'update', id, values });
		}
		return { action: 'update', id, ok: true };
	},
	delete: async (event) => {
		const form = await event.request.formData();
		const id = String(form.get('id') ?? '');
		try {
			await deleteDefinition(event.locals.user!, id, clientIp(event));
		} catch (error) {
			return formFailure(error, { action: 'delete', id });
		}
		return { action: 'delete', id, ok: true };
	}
};
