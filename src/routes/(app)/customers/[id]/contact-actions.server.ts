import type { RequestEvent } from '@sveltejs/kit';
import { createContact, deleteContact, updateContact } from '$lib/server/customers/contacts.service';
import { contactFromForm } from '$lib/server/customers/form-input';
import { clientIp, formFailure } from '$lib/server/http';

type ContactEvent = RequestEvent<{ id: string; siteId?: string }>;

/**
 * The contact actions of a customer's page and of a site's page. On a site's page every contact
 * is that site's, whatever the form says.
 */
export function contactActions(page: 'customer' | 'site') {
	const valuesOf = (event: ContactEvent, form: FormData) => {
		const values = contactFromForm(form);
		return page === 'site' ? { ...values, siteId: event.params.siteId ?? '' } : values;
	};
	return {
		addContact: async (event: ContactEvent) => {
			const values = valuesOf(event, await event.request.formData());
			try {
				await createContact(event.locals.user!, event.params.id, values, clientIp(event));
			} catch (e) {
				return formFailure(e, { action: 'addContact', values });
			}
			return { action: 'addContact', ok: true };
		},
		updateContact: async (event: ContactEvent) => {
			const form = await event.request.formData();
			const id = String(form.get('id') ?? '');
			const values = valuesOf(event, form);
			try {
				await updateContact(event.locals.user!, id, values, clientIp(event));
			} catch (e) {
				return formFailure(e, { action: 'updateContact', id, values });
			}
			return { action: 'updateContact', id, ok: true };
		},
		deleteContact: async (event: ContactEvent) => {
			const id = String((await event.request.formData()).get('id') ?? '');
			try {
				await deleteContact(event.locals.user!, id, clientIp(event));
			} catch (e) {
				return formFailure(e, { action: 'deleteContact', id });
			}
			return { action: 'deleteContact', id, ok: true };
		}
	};
}
