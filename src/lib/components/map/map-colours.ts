/**
 * Colours and symbol shapes of the live map, from the one palette (sla-colours.ts). Each alert
 * state also has its own shape, and the legend names every state in words, so nothing is told
 * by colour alone.
 */
import { PALETTE } from '$lib/components/calls/sla-colours';
import type { CallColourKey } from '$lib/domain/call-colours';
import type { TechnicianStatus } from './map-types';

export type SymbolShape = 'triangle' | 'diamond' | 'square' | 'pentagon' | 'circle' | 'dot';

export const CALL_SYMBOLS: Readonly<Record<CallColourKey, { colour: string; shape: SymbolShape }>> = {
	overdue: { colour: PALETTE.overdue.strong, shape: 'triangle' },
	dueSoon: { colour: PALETTE.dueSoon.strong, shape: 'diamond' },
	unpaid: { colour: PALETTE.unpaid.strong, shape: 'square' },
	unconfirmed: { colour: PALETTE.unconfirmed.strong, shape: 'pentagon' },
	unassigned: { colour: PALETTE.unassigned.strong, shape: 'circle' },
	planned: { colour: '#98a2b3', shape: 'dot' },
	inProgress: { colour: '#0e9384', shape: 'dot' },
	doneToday: { colour: PALETTE.met.strong, shape: 'dot' }
};

export const TECHNICIAN_COLOURS: Readonly<Record<TechnicianStatus, string>> = {
	free: '#17b26a',
	travelling: '#0086c9',
	onSite: '#344054',
	offDuty: '#98a2b3'
};

/** Two letters for a marker: "Mario Rossi" -> "MR". */
export function initials(name: string): string {
	const parts = name.trim().split(/\s+/).filter(Boolean);
	return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? parts[parts.length - 1][0] : (parts[0]?.[1] ?? ''))).toUpperCase();
}
