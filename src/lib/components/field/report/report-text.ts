import * as m from '$lib/paraglide/messages';

export const OUTCOMES = ['resolved', 'another_visit', 'needs_parts'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** GET /api/calls/:id/reports items. */
export type ReportVersion = {
	id: string;
	version: number;
	current: boolean;
	supersedesId: string | null;
	correctionReason: string | null;
	technicianName: string;
	signerName: string;
	outcome: string;
	arrivedAt: string;
	departedAt: string;
	contentHash: string;
	createdAt: string;
	mail: { status: string | null; recipient: string | null; sentAt: string | null; error: string | null };
	pdfUrl: string;
};

export function outcomeText(outcome: string): string {
	switch (outcome) {
		case 'resolved':
			return m.rp_outcome_resolved();
		case 'another_visit':
			return m.rp_outcome_another_visit();
		case 'needs_parts':
			return m.rp_outcome_needs_parts();
		default:
			return outcome;
	}
}

/** A meter of the call's unit with its latest reading (the form's hint). */
export type MeterInfo = { meterType: string; nameIt: string; nameEn: string; unitIt: string; unitEn: string; lastValue: number | null; lastAt: string | null };
