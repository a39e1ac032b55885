import { error } from '@sveltejs/kit';

/**
 * The hook has already decided with the permission table; group layouts call this so a refused
 * page view renders the 403 page (an error in the root layout could only show the bare fallback).
 */
export function refuseIfForbidden(locals: App.Locals): void {
	if (locals.forbidden) error(403, 'Forbidden');
}
