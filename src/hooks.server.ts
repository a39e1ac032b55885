import { json, type Handle, type HandleServerError } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { apiKeyScopeFor, can, isPublicPath, permissionForPath, WALL_SCREEN_ROLE } from '$lib/domain/permissions';
import * as m from '$lib/paraglide/messages';
import { extractLocaleFromRequest } from '$lib/paraglide/runtime';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { sessionCookieName, sessionCookieOptions, SESSION_COOKIE_PLAIN, SESSION_COOKIE_SECURE } from '$lib/server/auth/cookie';
import { validateSessionToken } from '$lib/server/auth/session.service';
import { authenticateApiKey } from '$lib/server/auth/api-keys.service';
import { isSecureRequest, jsonError } from '$lib/server/http';
import { logger } from '$lib/server/logger';
import { authenticateWallToken } from '$lib/server/wall/wall.service';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

const handleRequestLog: Handle = async ({ event, resolve }) => {
	const incoming = event.request.headers.get('x-request-id');
	event.locals.requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
	event.locals.user = null;
	event.locals.session = null;
	event.locals.apiKey = null;
	event.locals.forbidden = false;
	const started = performance.now();
	const response = await resolve(event);
	response.headers.set('x-request-id', event.locals.requestId);
	if (event.url.pathname !== '/healthz') {
		logger().info(
			{
				requestId: event.locals.requestId,
				method: event.request.method,
				// A wall screen's token is its credential: keep it out of the logs.
				path: event.url.pathname.replace(/^\/wall\/[^/]+/, '/wall/<token>'),
				status: response.status,
				ms: Math.round(performance.now() - started),
				userId: (event.locals.user as App.Locals['user'])?.id
			},
			'request'
		);
	}
	return response;
};

const handleSession: Handle = async ({ event, resolve }) => {
	const secure = isSecureRequest(event);
	const name = sessionCookieName(secure);
	const token = event.cookies.get(secure ? SESSION_COOKIE_SECURE : SESSION_COOKIE_PLAIN) ?? null;
	if (token) {
		const result = await validateSessionToken(token);
		if (result) {
			event.locals.user = result.user;
			event.locals.session = result.session;
			event.cookies.set(name, token, sessionCookieOptions(secure, result.session.cookieExpiresAt));
		} else {
			event.cookies.delete(name, { path: '/', secure });
		}
	}
	return resolve(event);
};

/** Default deny: every path is public, or needs the permission the one table gives it. */
const handleAuthorization: Handle = async ({ event, resolve }) => {
	const path = event.url.pathname;
	// No route matches: let SvelteKit answer 404 (for anyone; it reveals nothing).
	if (event.route.id === null) return resolve(event);
	if (isPublicPath(path) || path.startsWith('/_app/') || path === '/favicon.svg') return resolve(event);
	const isApi = path.startsWith('/api/');
	if (path === '/wall' || path.startsWith('/wall/')) return authorizeWallScreen({ event, resolve });
	const scope = apiKeyScopeFor(path, event.request.method);
	if (scope && event.request.headers.has('authorization')) {
		let principal;
		try {
			principal = await authenticateApiKey(event.request.headers.get('authorization'));
		} catch (error) {
			return jsonError(error);
		}
		if (!principal) return json({ error: 'unauthorized', message: 'invalid API key' }, { status: 401 });
		if (!principal.scopes.includes(scope)) return json({ error: 'forbidden', message: `the key lacks scope ${scope}` }, { status: 403 });
		event.locals.apiKey = principal;
		return resolve(event);
	}
	const user = event.locals.user;
	if (!user) {
		if (isApi) return json({ error: 'unauthorized', message: 'login required' }, { status: 401 });
		if (event.request.method !== 'GET') return new Response('Unauthorized', { status: 401 });
		return new Response(null, { status: 303, headers: { location: `/login?next=${encodeURIComponent(path + event.url.search)}` } });
	}
	const permission = permissionForPath(path);
	if (permission && can(user.role, permission)) return resolve(event);
	if (isApi) return json({ error: 'forbidden', message: 'forbidden' }, { status: 403 });
	// Form posts are refused outright; a page view renders the 403 page inside the shell.
	if (event.request.method !== 'GET' && event.request.method !== 'HEAD') return new Response('Forbidden', { status: 403 });
	event.locals.forbidden = true;
	return resolve(event);
};

/**
 * A wall link that is not valid (or was revoked), in the screen's language: the TV has no
 * locale cookie, so Italian. A browser gets a page readable from afar; fetches get the text.
 */
function wallRefused(request: Request): Response {
	const locale = extractLocaleFromRequest(request);
	const text = m.map_wall_link_invalid({}, { locale });
	const headers = { 'cache-control': 'no-store' };
	if (!request.headers.get('accept')?.includes('text/html')) return new Response(text, { status: 401, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' } });
	const safe = text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
	const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>Quadro</title></head><body style="margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#050a14;color:#ff8a80;font:2rem/1.4 system-ui,sans-serif;text-align:center;padding:2rem;box-sizing:border-box"><p role="alert" data-testid="wall-invalid">${safe}</p></body></html>`;
	return new Response(html, { status: 401, headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } });
}

/**
 * /wall/<token>/...: a kiosk with no session. The token (checked against the database on every
 * request, so a revoked one fails at once) stands in for a user with WALL_SCREEN_ROLE, and that
 * role's permission for the path decides, through the same table as everyone else. Read-only.
 */
const authorizeWallScreen: Handle = async ({ event, resolve }) => {
	const token = event.url.pathname.split('/')[2] ?? '';
	const screen = await authenticateWallToken(token);
	if (!screen) return wallRefused(event.request);
	const permission = permissionForPath(event.url.pathname);
	if (!permission || !can(WALL_SCREEN_ROLE, permission)) return new Response('Forbidden', { status: 403 });
	if (event.request.method !== 'GET' && event.request.method !== 'HEAD') return new Response('Method not allowed', { status: 405 });
	event.locals.wall = screen;
	return resolve(event);
};

const handleLocale: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request: localizedRequest, locale }) => {
		event.request = localizedRequest;
		return resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		});
	});

export const handle = sequence(handleRequestLog, handleSession, handleAuthorization, handleLocale);

/** Logs the real error with the request id; the page and the API see only a generic message. */
export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) logger().error({ err: error, requestId: event.locals.requestId, path: event.url.pathname }, 'unhandled error');
	return { message: status === 404 ? 'Not found' : 'Internal error', requestId: event.locals.requestId };
};
