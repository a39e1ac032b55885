import { describe, expect, it } from 'vitest';
import { defaultSkillsFor } from './category-skills';

describe('defaultSkillsFor', () => {
	it.each([
		['copier_mono', ['copier_mono']],
		['copier_colour', ['copier_colour']],
		['printer', ['printer']],
		['hvac', ['hvac']],
		['lift', ['lift']],
		['other', []],
		['unknown_category', []],
		['', []],
		[null, []],
		[undefined, []]
	])('%s -> %j', (category, expected) => {
		expect(defaultSkillsFor(category as string | null | undefined)).toEqual(expected);
	});

	it('returns a copy the caller may change without touching the table', () => {
		const skills = defaultSkillsFor('hvac');
		skills.push('lift');
		expect(defaultSkillsFor('hvac')).toEqual(['hvac']);
	});
});
