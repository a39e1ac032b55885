import type { IncomingMessage } from 'node:http';

/**
 * Browsers send cookies with cross-site WebSocket handshakes, so the cookie alone would let any
 * site open a socket as the user (cross-site WebSocket hijacking). A browser always sends Origin:
 * it must be this server's own origin or one listed in ALLOWED_ORIGINS. Non-browser clients send
 * no Origin and still need a valid session cookie.
 */
export function isOriginAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
	const origin = req.headers.origin;
	if (origin === undefined) return true;
	let parsed: URL;
	try {
		parsed = new URL(origin);
	} catch {
		return false;
	}
	if (allowed.includes(parsed.origin)) return true;
	const host = req.headers['x-forwarded-host'] ?? req.headers.host;
	return typeof host === 'string' && parsed.host === host;
}
