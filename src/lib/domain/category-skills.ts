/**
 * Skills a unit's category needs by default: intake pre-fills them (the dispatcher can change
 * them) and the server uses the same table when a call is created without explicit skills.
 */
export const SKILL_OF_CATEGORY: Readonly<Record<string, readonly string[]>> = {
	copier_mono: ['copier_mono'],
	copier_colour: ['copier_colour'],
	printer: ['printer'],
	hvac: ['hvac'],
	lift: ['lift'],
	other: []
};

/** Default skills for a unit of this category; unknown categories need none. */
export function defaultSkillsFor(category: string | null | undefined): string[] {
	if (!category) return [];
	return [...(SKILL_OF_CATEGORY[category] ?? [])];
}
