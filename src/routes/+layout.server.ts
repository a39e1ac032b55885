import { error } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	// The hook decided; rendering the 403 here keeps it inside the normal page and shell.
	if (locals.forbidden) error(403, 'Forbidden');
	return { user: locals.user };
};
