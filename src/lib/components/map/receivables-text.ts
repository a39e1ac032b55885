import * as m from '$lib/paraglide/messages';

/** A receivables import problem in the user's language (the server reports codes and columns). */
export function receivablesProblemText(p: { code?: string | null; field?: string | null }): string {
	const field = p.field ?? '';
	switch (p.code) {
		case 'missing_column':
			return m.map_rcv_problem_missing_column({ field });
		case 'unknown_column':
			return m.map_rcv_problem_unknown_column({ field });
		case 'empty_file':
			return m.map_rcv_problem_empty();
		case 'unknown_customer':
			return m.map_rcv_problem_unknown_customer();
		case 'duplicate_in_file':
			return m.map_rcv_problem_duplicate();
		default:
			return m.map_rcv_problem_invalid({ field });
	}
}
