import type { ZodError } from 'zod';

/** Errors a service may throw; transport code maps them to HTTP statuses with `httpStatusOf`. */
export class ServiceError extends Error {
	constructor(
		readonly code: 'validation' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'throttled',
		message: string
	) {
		super(message);
	}
}

export class ValidationError extends ServiceError {
	constructor(
		readonly field: string,
		message: string
	) {
		super('validation', message);
	}

	static fromZod(error: ZodError): ValidationError {
		const first = error.issues[0];
		return new ValidationError(first?.path.join('.') || 'body', first?.message ?? 'invalid input');
	}
}

export class UnauthorizedError extends ServiceError {
	constructor(message = 'invalid credentials') {
		super('unauthorized', message);
	}
}

export class ForbiddenError extends ServiceError {
	constructor(message = 'forbidden') {
		super('forbidden', message);
	}
}

export class NotFoundError extends ServiceError {
	constructor(message = 'not found') {
		super('not_found', message);
	}
}

export class ConflictError extends ServiceError {
	constructor(
		readonly field: string,
		message: string
	) {
		super('conflict', message);
	}
}

export class ThrottledError extends ServiceError {
	constructor(readonly retryAfterSeconds: number) {
		super('throttled', 'too many attempts');
	}
}

const STATUS: Record<ServiceError['code'], number> = {
	validation: 400,
	unauthorized: 401,
	forbidden: 403,
	not_found: 404,
	conflict: 409,
	throttled: 429
};

export function httpStatusOf(error: ServiceError): number {
	return STATUS[error.code];
}

/** The JSON body for an error response; never includes a stack or internal detail. */
export function errorBody(error: ServiceError): { error: string; message: string; field?: string } {
	const body: { error: string; message: string; field?: string } = { error: error.code, message: error.message };
	if (error instanceof ValidationError || error instanceof ConflictError) body.field = error.field;
	return body;
}
