/**
 * Over HTTPS the cookie gets `Secure` and the `__Host-` prefix, which pins it to this host and path.
 * Plain HTTP (a laptop, the tests) cannot use either, so the name depends on the protocol.
 */
export const SESSION_COOKIE_PLAIN = 'quadro_session';
export const SESSION_COOKIE_SECURE = '__Host-quadro_session';

export function sessionCookieName(secure: boolean): string {
	return secure ? SESSION_COOKIE_SECURE : SESSION_COOKIE_PLAIN;
}

export type CookieOptions = {
	path: '/';
	httpOnly: true;
	sameSite: 'lax';
	secure: boolean;
	expires: Date;
};

export function sessionCookieOptions(secure: boolean, expires: Date): CookieOptions {
	return { path: '/', httpOnly: true, sameSite: 'lax', secure, expires };
}

/** Reads the session token from a raw Cookie header (WebSocket and Socket.IO handshakes). */
export function sessionTokenFromCookieHeader(header: string | undefined | null): string | null {
	if (!header) return null;
	let plain: string | null = null;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq < 0) continue;
		const name = part.slice(0, eq).trim();
		const value = decodeURIComponent(part.slice(eq + 1).trim());
		if (name === SESSION_COOKIE_SECURE) return value;
		if (name === SESSION_COOKIE_PLAIN) plain = value;
	}
	return plain;
}
