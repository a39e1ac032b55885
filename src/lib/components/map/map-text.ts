import * as m from '$lib/paraglide/messages';
import type { CallColourKey } from '$lib/domain/call-colours';
import type { TechnicianStatus } from './map-types';

/** Every map state in words: the legend, the popup and the accessible list say these. */
export function stateLabel(key: CallColourKey): string {
	switch (key) {
		case 'overdue':
			return m.map_state_overdue();
		case 'dueSoon':
			return m.map_state_due_soon();
		case 'unpaid':
			return m.map_state_unpaid();
		case 'unconfirmed':
			return m.map_state_unconfirmed();
		case 'unassigned':
			return m.map_state_unassigned();
		case 'planned':
			return m.map_state_planned();
		case 'inProgress':
			return m.map_state_in_progress();
		case 'doneToday':
			return m.map_state_done_today();
	}
}

export function stateHint(key: CallColourKey, warningMinutes: number): string {
	switch (key) {
		case 'overdue':
			return m.map_state_overdue_hint();
		case 'dueSoon':
			return m.map_state_due_soon_hint({ minutes: String(warningMinutes) });
		case 'unpaid':
			return m.map_state_unpaid_hint();
		case 'unconfirmed':
			return m.map_state_unconfirmed_hint();
		case 'unassigned':
			return m.map_state_unassigned_hint();
		default:
			return '';
	}
}

export function technicianStatusLabel(status: TechnicianStatus): string {
	switch (status) {
		case 'free':
			return m.map_tech_free();
		case 'travelling':
			return m.map_tech_travelling();
		case 'onSite':
			return m.map_tech_on_site();
		case 'offDuty':
			return m.map_tech_off_duty();
	}
}
