import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/permissions';
import { NotFoundError } from '$lib/server/errors';
import { clientIp, formFailure } from '$lib/server/http';
import { isoToRomeLocal, parseCount, romeLocalToIso } from '$lib/server/readings/reading-input';
import { principalOf, recordReading } from '$lib/server/readings/readings.service';
import { ReadingRefusedError } from '$lib/server/readings/refusal';
import { equipmentReadingsPage } from '$lib/server/readings/usage.service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	try {
		const page = await equipmentReadingsPage(locals.user!, params.id);
		return {
			...page,
			nowLocal: isoToRomeLocal(new Date()),
			canWrite: can(locals.user!.role, 'readings.write'),
			canReview: can(locals.user!.role, 'readings.review')
		};
	} catch (e) {
		if (e instanceof NotFoundError) error(404, 'Not found');
		throw e;
	}
};

function text(form: FormData, key: string): string {
	return String(form.get(key) ?? '').trim();
}

/** A typed number: undefined when empty (the service says "required"), NaN when unreadable (it says "a number"). */
function countField(form: FormData, key: string): number | undefined {
	const parsed = parseCount(text(form, key));
	return parsed === null ? undefined : parsed;
}

function failure(e: unknown, extra: Record<string, unknown>) {
	const refusal = e instanceof ReadingRefusedError ? { reason: e.reason, params: e.params } : null;
	return formFailure(e, { ...extra, refusal });
}

export const actions: Actions = {
	record: async (event) => {
		const form = await event.request.formData();
		const values = Object.fromEntries(['meterId', 'meterType', 'value', 'readAt', 'source', 'kind', 'previousMeterFinalValue'].map((k) => [k, text(form, k)]));
		const kind = values.kind || 'normal';
		try {
			const result = await recordReading(
				principalOf(event.locals.user, null),
				{
					equipmentId: event.params.id,
					meterType: values.meterType,
					value: countField(form, 'value'),
					readAt: romeLocalToIso(values.readAt) ?? undefined,
					source: values.source || undefined,
					kind,
					previousMeterFinalValue: kind === 'replacement' ? countField(form, 'previousMeterFinalValue') : undefined
				},
				clientIp(event)
			);
			return { action: 'record', meterId: values.meterId, ok: true, status: result.reading.status };
		} catch (e) {
			return failure(e, { action: 'record', meterId: values.meterId, values });
		}
	},
	correct: async (event) => {
		const form = await event.request.formData();
		const values = Object.fromEntries(['meterId', 'correctsReadingId', 'value', 'reason'].map((k) => [k, text(form, k)]));
		try {
			await recordReading(
				principalOf(event.locals.user, null),
				{ kind: 'correction', correctsReadingId: values.correctsReadingId || undefined, value: countField(form, 'value'), reason: values.reason || undefined },
				clientIp(event)
			);
			return { action: 'correct', meterId: values.meterId, readingId: values.correctsReadingId, ok: true };
		} catch (e) {
			return failure(e, { action: 'correct', meterId: values.meterId, readingId: values.correctsReadingId, values });
		}
	}
};
