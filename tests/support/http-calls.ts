import { expect } from 'vitest';

/**
 * JSON requests to a test server as one of several logged-in users (a session cookie per role).
 * `baseUrl` is read at each call: the server starts after the caller is made.
 */
export function callerFor<R extends string>(baseUrl: () => string, cookies: Record<R, string>) {
	return (role: R, method: string, path: string, body?: unknown, contentType = 'application/json') =>
		fetch(baseUrl() + path, {
			method,
			headers: { cookie: cookies[role], ...(body !== undefined ? { 'content-type': contentType } : {}), origin: baseUrl() },
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
			redirect: 'manual'
		});
}

/** The answer's status (and for a 400 the field at fault); an error body names its error and never carries a stack trace. */
export async function expectStatus(res: Response, status: number, field?: string) {
	const text = await res.text();
	expect(res.status, text).toBe(status);
	const body = text ? JSON.parse(text) : null;
	if (field !== undefined) expect(body.field).toBe(field);
	if (status >= 400) {
		expect(body).toHaveProperty('error');
		expect(text).not.toMatch(/\bat \S+\.(js|ts):\d+/);
	}
	return body;
}
