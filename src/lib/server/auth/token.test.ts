import { describe, expect, it } from 'vitest';
import { sessionTokenFromCookieHeader } from './cookie';
import { generateSessionToken, isWellFormedToken, sessionIdFromToken } from './token';

describe('session tokens', () => {
	it('carry 160 bits as 32 base32 characters, all different', () => {
		const tokens = new Set(Array.from({ length: 200 }, generateSessionToken));
		expect(tokens.size).toBe(200);
		for (const t of tokens) expect(isWellFormedToken(t)).toBe(true);
	});

	it('are stored only as their SHA-256', () => {
		const token = 'abcdefghijklmnopqrstuvwxyz234567';
		const id = sessionIdFromToken(token);
		expect(id).toMatch(/^[0-9a-f]{64}$/);
		expect(id).toBe(sessionIdFromToken(token));
		expect(id).not.toContain(token);
	});

	it.each([
		['', false],
		['abc', false],
		['ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', false],
		['abcdefghijklmnopqrstuvwxyz23456!', false],
		['abcdefghijklmnopqrstuvwxyz2345678', false],
		['abcdefghijklmnopqrstuvwxyz234567', true]
	])('well-formed(%j) = %s', (token, expected) => expect(isWellFormedToken(token)).toBe(expected));
});

describe('sessionTokenFromCookieHeader', () => {
	it.each([
		[undefined, null],
		['', null],
		['other=1', null],
		['quadro_session=abc', 'abc'],
		['a=1; quadro_session=abc; b=2', 'abc'],
		['quadro_session=plain; __Host-quadro_session=secure', 'secure'],
		['__Host-quadro_session=secure; quadro_session=plain', 'secure'],
		['quadro_session=a%3Db', 'a=b'],
		['broken; quadro_session=x', 'x']
	])('%j -> %j', (header, expected) => expect(sessionTokenFromCookieHeader(header)).toBe(expected));
});
