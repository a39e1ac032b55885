import { takeFreeCall } from '$lib/server/field/free-calls.service';
import { onceJson } from '$lib/server/field/once-response';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) => onceJson(event, 'call.take', (_body, deviceAt) => takeFreeCall(event.locals.user!, event.params.id, deviceAt));
