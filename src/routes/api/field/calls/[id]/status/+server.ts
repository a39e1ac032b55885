import { changeMyCallStatus } from '$lib/server/field/field-actions.service';
import { onceJson } from '$lib/server/field/once-response';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) => onceJson(event, 'call.status', (body, deviceAt) => changeMyCallStatus(event.locals.user!, event.params.id, body, deviceAt));
