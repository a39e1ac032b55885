import type { Conflict } from '$lib/domain/conflicts';
import * as m from '$lib/paraglide/messages';

const REASONS: Record<string, () => string> = {
	holiday: m.board_reason_holiday,
	sick: m.board_reason_sick,
	training: m.board_reason_training,
	other: m.board_reason_other
};

export function reasonText(reason: string): string {
	return REASONS[reason]?.() ?? reason;
}

/** One localized sentence per conflict, for badges, tooltips and screen readers. */
export function conflictText(c: Conflict): string {
	switch (c.kind) {
		case 'overlap':
			return c.otherCallNumber ? m.board_conflict_overlap_call({ number: c.otherCallNumber }) : m.board_conflict_overlap();
		case 'missing-skill':
			return m.board_conflict_missing_skill({ skill: c.skill, required: String(c.required), actual: String(c.actual) });
		case 'outside-shift':
			return m.board_conflict_outside_shift();
		case 'during-absence':
			return m.board_conflict_during_absence({ reason: reasonText(c.reason) });
		case 'outside-area':
			return m.board_conflict_outside_area();
		case 'after-sla':
			return m.board_conflict_after_sla({ n: String(c.lateMinutes) });
		case 'parts-unavailable':
			return m.board_conflict_parts();
	}
}
