import { changeMyCallStatusOnce } from '$lib/server/field/field-actions.service';
import { onceResultJson } from '$lib/server/field/once-response';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) => onceResultJson(event, (body) => changeMyCallStatusOnce(event.locals.user!, event.params.id, body));
