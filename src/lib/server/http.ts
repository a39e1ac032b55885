import { fail, json, type RequestEvent } from '@sveltejs/kit';
import { errorBody, httpStatusOf, ServiceError, ThrottledError, ValidationError } from './errors';

/** Maps a service error to a JSON response; anything else is rethrown to become a logged 500. */
export function jsonError(error: unknown): Response {
	if (!(error instanceof ServiceError)) throw error;
	const headers: Record<string, string> = {};
	if (error instanceof ThrottledError) headers['retry-after'] = String(error.retryAfterSeconds);
	return json(errorBody(error), { status: httpStatusOf(error), headers });
}

/** Maps a service error to a form failure the page can show next to the field at fault. */
export function formFailure<E extends Record<string, unknown>>(error: unknown, extra: E = {} as E) {
	if (!(error instanceof ServiceError)) throw error;
	const body = errorBody(error);
	return fail(httpStatusOf(error), {
		...extra,
		error: body.error,
		field: body.field ?? null,
		message: body.message,
		retryAfter: error instanceof ThrottledError ? error.retryAfterSeconds : null
	});
}

/** Reads a JSON body; malformed JSON becomes a 400 naming the body instead of a 500. */
export async function readJson(event: RequestEvent): Promise<unknown> {
	try {
		return await event.request.json();
	} catch {
		throw new ValidationError('body', 'body must be valid JSON');
	}
}

/** A body that may be left out: empty means `{}`; malformed JSON is a 400 naming the body. */
export async function readOptionalJson(event: Pick<RequestEvent, 'request'>): Promise<unknown> {
	const text = await event.request.text();
	if (!text.trim()) return {};
	try {
		return JSON.parse(text);
	} catch {
		throw new ValidationError('body', 'body must be valid JSON');
	}
}

export function clientIp(event: RequestEvent): string | null {
	try {
		return event.getClientAddress();
	} catch {
		return null;
	}
}

export function isSecureRequest(event: RequestEvent): boolean {
	return event.url.protocol === 'https:';
}
