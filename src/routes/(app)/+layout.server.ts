import { refuseIfForbidden } from '$lib/server/page-guard';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	refuseIfForbidden(locals);
	return {};
};
