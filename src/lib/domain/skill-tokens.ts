/**
 * Skill tokens: a technician holding skill `hvac` at level 2 has the tokens "hvac:1" and "hvac:2"
 * (one per level up to the one held), so "holds hvac at level ≥ 2" is the containment
 * `tokens @> {hvac:2}` in SQL. The database keeps them from technician_skills (drizzle/0014);
 * these helpers read them back.
 */
export type SkillRequirement = { code: string; level: number };

export function skillToken(skill: SkillRequirement): string {
	return `${skill.code}:${skill.level}`;
}

/** The tokens of a set of held skills, sorted as the database sorts them. */
export function skillTokensOf(held: Readonly<Record<string, number>>): string[] {
	return Object.entries(held)
		.flatMap(([code, level]) => Array.from({ length: level }, (_, i) => skillToken({ code, level: i + 1 })))
		.sort();
}

/** The level held in each skill: the highest level among its tokens. Codes may contain ':'. */
export function skillLevelsFromTokens(tokens: readonly string[]): Map<string, number> {
	const levels = new Map<string, number>();
	for (const token of tokens) {
		const at = token.lastIndexOf(':');
		if (at <= 0) continue;
		const level = Number(token.slice(at + 1));
		if (!Number.isInteger(level) || level < 1) continue;
		const code = token.slice(0, at);
		levels.set(code, Math.max(levels.get(code) ?? 0, level));
	}
	return levels;
}

/** The required skills not held at their level, by code, sorted. */
export function missingSkills(tokens: readonly string[], required: readonly SkillRequirement[]): string[] {
	const held = new Set(tokens);
	return [...new Set(required.filter((r) => !held.has(skillToken(r))).map((r) => r.code))].sort();
}
