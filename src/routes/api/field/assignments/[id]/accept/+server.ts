import { acceptAssignment } from '$lib/server/field/field-actions.service';
import { onceJson } from '$lib/server/field/once-response';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) => onceJson(event, 'assignment.accept', (_body, deviceAt) => acceptAssignment(event.locals.user!, event.params.id, deviceAt));
