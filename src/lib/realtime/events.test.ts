import { describe, expect, it } from 'vitest';
import { isBoardDocName } from './events';

describe('isBoardDocName', () => {
	it.each([
		['board:2026-11-28', true],
		['board:2028-02-29', true],
		['board:2026-02-29', false],
		['board:2026-13-01', false],
		['board:2026-04-31', false],
		['board:2026-1-01', false],
		['board:2026-11-28x', false],
		['agenda:2026-11-28', false],
		['board:', false],
		['', false]
	])('%j -> %s', (name, expected) => expect(isBoardDocName(name)).toBe(expected));
});
