import { can, type Permission, type Role } from '$lib/domain/permissions';
import { ForbiddenError } from '../errors';

/** Who is acting: every service takes one and checks it on its first line. */
export type Actor = { id: string; role: Role };

export function authorize(actor: Actor | null | undefined, permission: Permission): asserts actor is Actor {
	if (!actor || !can(actor.role, permission)) throw new ForbiddenError();
}
