import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

describe('parseConfig', () => {
	it('has working defaults', () => {
		const c = parseConfig({});
		expect(c.PORT).toBe(3000);
		expect(c.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/quadro');
		expect(c.ALLOWED_ORIGINS).toEqual([]);
	});

	it.each([
		[{ PORT: 'abc' }, 'PORT'],
		[{ PORT: '70000' }, 'PORT'],
		[{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
		[{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
		[{ ALLOWED_ORIGINS: 'not-a-url' }, 'ALLOWED_ORIGINS'],
		[{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL']
	])('%j fails naming %s', (env, name) => {
		expect(() => parseConfig(env)).toThrow(ConfigError);
		expect(() => parseConfig(env)).toThrow(new RegExp(name));
	});

	it('splits and trims allowed origins', () => {
		expect(parseConfig({ ALLOWED_ORIGINS: ' https://a.example/, https://b.example:8443 ' }).ALLOWED_ORIGINS).toEqual([
			'https://a.example',
			'https://b.example:8443'
		]);
	});
});

describe('adapter variables', () => {
	it.each([
		[{ ORIGIN: 'quadro.example.it' }, 'ORIGIN'],
		[{ PROTOCOL_HEADER: 'x forwarded' }, 'PROTOCOL_HEADER'],
		[{ XFF_DEPTH: '0' }, 'XFF_DEPTH']
	])('%j fails naming %s', (env, name) => {
		expect(() => parseConfig(env)).toThrow(new RegExp(name));
	});

	it('ORIGIN joins the socket allow-list', async () => {
		const { socketOrigins } = await import('./config');
		expect(socketOrigins(parseConfig({ ORIGIN: 'https://quadro.example.it/', ALLOWED_ORIGINS: 'https://b.example' }))).toEqual([
			'https://b.example',
			'https://quadro.example.it'
		]);
	});
});
