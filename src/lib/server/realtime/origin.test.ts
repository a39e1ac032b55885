import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isOriginAllowed } from './origin';

function req(headers: Record<string, string>): IncomingMessage {
	return { headers } as unknown as IncomingMessage;
}

describe('isOriginAllowed', () => {
	const allowed = ['https://quadro.example.it'];
	it.each([
		['no Origin (non-browser client)', { host: 'localhost:3000' }, true],
		['same origin', { host: 'localhost:3000', origin: 'http://localhost:3000' }, true],
		['same host, other port', { host: 'localhost:3000', origin: 'http://localhost:3001' }, false],
		['foreign site', { host: 'localhost:3000', origin: 'https://evil.example' }, false],
		['listed origin', { host: 'internal:3000', origin: 'https://quadro.example.it' }, true],
		['listed host over http is another origin', { host: 'internal:3000', origin: 'http://quadro.example.it' }, false],
		['behind a proxy (x-forwarded-host)', { host: 'internal:3000', 'x-forwarded-host': 'app.example', origin: 'https://app.example' }, true],
		['garbage Origin', { host: 'localhost:3000', origin: 'not a url' }, false],
		['null Origin (sandboxed iframe)', { host: 'localhost:3000', origin: 'null' }, false]
	])('%s', (_name, headers, expected) => expect(isOriginAllowed(req(headers), allowed)).toBe(expected));
});
