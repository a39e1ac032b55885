import { cookieMaxAge, cookieName, isLocale } from '$lib/paraglide/runtime';

export type Locale = 'it' | 'en';

/** Paraglide reads the language from this cookie (strategy: cookie, then Italian). */
export function localeCookie(locale: Locale) {
	return {
		name: cookieName,
		value: locale,
		// Readable by the page so the client-side runtime agrees with the server.
		options: { path: '/', httpOnly: false, sameSite: 'lax' as const, maxAge: cookieMaxAge }
	};
}

export function parseLocale(value: unknown): Locale | null {
	return typeof value === 'string' && isLocale(value) ? (value as Locale) : null;
}
