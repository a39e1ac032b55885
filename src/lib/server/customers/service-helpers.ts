import { ConflictError, ValidationError } from '../errors';
import { checkListFilter, type FieldProblem, type ListFilter } from './customer-input';

/** CSV exports stop here: beyond it a spreadsheet is the wrong tool. */
export const EXPORT_LIMIT = 50_000;

export function throwFirst(problems: FieldProblem[]): never {
	const first = problems[0] ?? { field: 'body', message: 'invalid input' };
	throw new ValidationError(first.field, first.message);
}

export function listFilter(input: unknown): ListFilter {
	const { value, problems } = checkListFilter(input);
	if (!value) throwFirst(problems);
	return value;
}

/** A unique-key violation that slipped past our checks (a race) is still a 409, never a 500. */
export function conflictFromDatabase(error: unknown): never {
	const pg = (error as { cause?: { code?: string; constraint_name?: string } })?.cause ?? (error as { code?: string; constraint_name?: string });
	if (pg?.code === '23505') {
		const constraint = pg.constraint_name ?? '';
		const field = constraint.includes('vat') ? 'vatNumber' : constraint.includes('code') ? 'code' : 'body';
		throw new ConflictError(field, 'already exists');
	}
	throw error;
}

export function customerCode(n: number): string {
	return `C${String(n).padStart(4, '0')}`;
}
