import { ValidationError } from './errors';

export type PageRequest = { page: number; pageSize: number; offset: number };
export type Page<T> = { items: T[]; total: number; page: number; pageSize: number; pages: number };

/** Reads ?page=&pageSize= (defaults 1 and 25, at most 200 a page); bad values are a 400. */
export function pageRequest(params: URLSearchParams, defaultSize = 25): PageRequest {
	const page = params.has('page') ? Number(params.get('page')) : 1;
	const pageSize = params.has('pageSize') ? Number(params.get('pageSize')) : defaultSize;
	if (!Number.isInteger(page) || page < 1) throw new ValidationError('page', 'must be a whole number from 1');
	if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 200) throw new ValidationError('pageSize', 'must be between 1 and 200');
	return { page, pageSize, offset: (page - 1) * pageSize };
}

export function pageOf<T>(items: T[], total: number, request: PageRequest): Page<T> {
	return { items, total, page: request.page, pageSize: request.pageSize, pages: Math.max(1, Math.ceil(total / request.pageSize)) };
}
