import { describe, expect, it } from 'vitest';
import { missingSkills, skillLevelsFromTokens, skillToken, skillTokensOf } from './skill-tokens';

describe('skill tokens', () => {
	it('one token per level up to the one held, sorted', () => {
		expect(skillTokensOf({ lift: 1, hvac: 3 })).toEqual(['hvac:1', 'hvac:2', 'hvac:3', 'lift:1']);
		expect(skillTokensOf({})).toEqual([]);
	});

	const levelCases: Array<[string, string[], Record<string, number>]> = [
		['levels are the highest token per code', ['hvac:1', 'hvac:2', 'lift:1'], { hvac: 2, lift: 1 }],
		['order does not matter', ['hvac:2', 'lift:1', 'hvac:1'], { hvac: 2, lift: 1 }],
		['a code containing a colon keeps it', ['ascensori:oleo:1', 'ascensori:oleo:2'], { 'ascensori:oleo': 2 }],
		['malformed tokens are ignored', ['hvac', ':2', 'lift:x', 'lift:0', 'copier:1'], { copier: 1 }],
		['no tokens, no levels', [], {}]
	];
	for (const [name, tokens, want] of levelCases) it(name, () => expect(Object.fromEntries(skillLevelsFromTokens(tokens))).toEqual(want));

	const missingCases: Array<[string, string[], Array<{ code: string; level: number }>, string[]]> = [
		['held at the level: nothing missing', ['hvac:1', 'hvac:2'], [{ code: 'hvac', level: 2 }], []],
		['held below the level: missing', ['hvac:1'], [{ code: 'hvac', level: 2 }], ['hvac']],
		['held above the level: fine', ['hvac:1', 'hvac:2', 'hvac:3'], [{ code: 'hvac', level: 1 }], []],
		['not held at all', [], [{ code: 'lift', level: 1 }], ['lift']],
		['several, sorted', ['copier:1'], [{ code: 'lift', level: 1 }, { code: 'copier', level: 1 }, { code: 'hvac', level: 1 }], ['hvac', 'lift']],
		['a code required twice is listed once', [], [{ code: 'lift', level: 1 }, { code: 'lift', level: 2 }], ['lift']],
		['no requirement', ['hvac:1'], [], []]
	];
	for (const [name, tokens, required, want] of missingCases) it(name, () => expect(missingSkills(tokens, required)).toEqual(want));

	it('round trip: tokens of held levels give those levels back', () => {
		const held = { hvac: 3, lift: 1, copier: 2 };
		expect(Object.fromEntries(skillLevelsFromTokens(skillTokensOf(held)))).toEqual(held);
		expect(skillToken({ code: 'hvac', level: 2 })).toBe('hvac:2');
	});
});
