import { declineAssignment } from '$lib/server/field/field-actions.service';
import { onceJson } from '$lib/server/field/once-response';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) => onceJson(event, 'assignment.decline', (body, deviceAt) => declineAssignment(event.locals.user!, event.params.id, body, deviceAt));
