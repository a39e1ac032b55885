/**
 * The one palette for SLA and dispatch states (DESIGN.md "Service levels, calls and colours"):
 * the calls list uses it now, the board and the live map use the same entries and legend.
 * `strong` is for dots, lane markers and map symbols; `text` on `background` is for badges and
 * table cells (both pairs pass WCAG AA contrast for normal text).
 */
export type PaletteKey = 'overdue' | 'dueSoon' | 'unpaid' | 'unconfirmed' | 'unassigned' | 'onTime' | 'met';

export type PaletteEntry = { strong: string; text: string; background: string; border: string };

export const PALETTE: Readonly<Record<PaletteKey, PaletteEntry>> = {
	overdue: { strong: '#d92d20', text: '#b42318', background: '#fef3f2', border: '#fda29b' },
	dueSoon: { strong: '#f79009', text: '#93370d', background: '#fffaeb', border: '#fec84b' },
	unpaid: { strong: '#7a2e0e', text: '#7a2e0e', background: '#fff6ed', border: '#f9dbaf' },
	unconfirmed: { strong: '#6941c6', text: '#53389e', background: '#f4f3ff', border: '#d9d6fe' },
	unassigned: { strong: '#1b6fa8', text: '#0f3d5e', background: '#eff8ff', border: '#b2ddff' },
	onTime: { strong: '#475467', text: '#344054', background: '#f2f4f7', border: '#d0d5dd' },
	met: { strong: '#079455', text: '#067647', background: '#ecfdf3', border: '#abefc6' }
};

/** A call is "due soon" this many minutes before its on-site due time. */
export const SLA_WARNING_MINUTES = 120;

/** The palette entry of a `slaState` result (call-lifecycle.ts). */
export function paletteOfSla(state: 'overdue' | 'due-soon' | 'on-time' | 'met' | null): PaletteEntry | null {
	switch (state) {
		case 'overdue':
			return PALETTE.overdue;
		case 'due-soon':
			return PALETTE.dueSoon;
		case 'on-time':
			return PALETTE.onTime;
		case 'met':
			return PALETTE.met;
		default:
			return null;
	}
}
