import { can } from '$lib/domain/permissions';
import { clientIp, formFailure } from '$lib/server/http';
import { listReadings, reviewReading } from '$lib/server/readings/readings.service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const params = new URLSearchParams(url.searchParams);
	params.set('status', 'review');
	const queue = await listReadings(locals.user!, params);
	return { queue, equipmentId: url.searchParams.get('equipmentId'), canReview: can(locals.user!.role, 'readings.review') };
};

export const actions: Actions = {
	review: async (event) => {
		const form = await event.request.formData();
		const id = String(form.get('id') ?? '');
		const decision = String(form.get('decision') ?? '');
		const note = String(form.get('note') ?? '').trim();
		try {
			await reviewReading(event.locals.user, id, { decision, ...(note ? { note } : {}) }, clientIp(event));
		} catch (error) {
			return formFailure(error, { action: 'review', id, decision });
		}
		return { action: 'review', id, decision, ok: true };
	}
};
