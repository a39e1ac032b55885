import { describe, expect, it } from 'vitest';
import { endsConnection, parseSessionsEnded } from './live-bridge';

describe('session-end announcements', () => {
	const conn = { userId: 'u1', sessionId: 's1' };
	it.each([
		[{ kind: 'user', userId: 'u1' }, true],
		[{ kind: 'user', userId: 'u2' }, false],
		[{ kind: 'user', userId: 'u1', exceptSessionId: 's1' }, false],
		[{ kind: 'user', userId: 'u1', exceptSessionId: 's2' }, true],
		[{ kind: 'session', sessionId: 's1' }, true],
		[{ kind: 'session', sessionId: 's2' }, false]
	] as const)('%j closes u1/s1: %s', (message, expected) => expect(endsConnection(message, conn)).toBe(expected));

	it.each(['', 'not json', '{}', '{"kind":"user"}', '{"kind":"session","sessionId":3}', 'null'])('ignores %j', (raw) =>
		expect(parseSessionsEnded(raw)).toBeNull()
	);
	it('parses a well-formed message', () => expect(parseSessionsEnded('{"kind":"session","sessionId":"s9"}')).toEqual({ kind: 'session', sessionId: 's9' }));
});
