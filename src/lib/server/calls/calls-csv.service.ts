import { authorize, type Actor } from '../auth/actor';
import { toCsv, type CsvColumn } from '../csv';
import { db } from '../db/client';
import { ValidationError } from '../errors';
import { filterOf, parseListQuery, withSlaState, type CallListItem } from './calls-search.service';
import * as queries from './calls-search.queries';
import { dueSoonMinutes } from '../sla/due-soon.service';

/** At most this many rows per export: narrow the filters for more. */
export const EXPORT_MAX_ROWS = 20_000;

const PRIORITY_IT: Record<string, string> = { low: 'bassa', medium: 'media', high: 'alta' };
const STATUS_IT: Record<string, string> = {
	new: 'nuova',
	assigned: 'assegnata',
	confirmed: 'confermata',
	travelling: 'in viaggio',
	on_site: 'sul posto',
	completed: 'completata',
	closed: 'chiusa',
	on_hold: 'in attesa',
	cancelled: 'annullata'
};
const TYPE_IT: Record<string, string> = { breakdown: 'guasto', scheduled_maintenance: 'manutenzione programmata', installation: 'installazione', other: 'altro' };
const SLA_IT: Record<string, string> = { overdue: 'scaduta', 'due-soon': 'in scadenza', 'on-time': 'nei tempi', met: 'rispettata' };

const stamp = new Intl.DateTimeFormat('it-IT', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Rome' });

/** "04/12/2026 16:00" in Europe/Rome: what Excel in Italy reads as a date and time. */
export function csvDateTime(value: Date | null): string {
	return value ? stamp.format(value).replace(',', '') : '';
}

const COLUMNS: CsvColumn<CallListItem>[] = [
	{ header: 'numero', value: (r) => r.number },
	{ header: 'cliente', value: (r) => r.customerName },
	{ header: 'sede', value: (r) => r.siteName },
	{ header: 'comune', value: (r) => r.siteComune },
	{ header: 'provincia', value: (r) => r.siteProvince },
	{ header: 'matricola', value: (r) => r.equipmentSerial },
	{ header: 'tipo', value: (r) => TYPE_IT[r.type] ?? r.type },
	{ header: 'priorita', value: (r) => PRIORITY_IT[r.priority] ?? r.priority },
	{ header: 'stato', value: (r) => STATUS_IT[r.status] ?? r.status },
	{ header: 'competenze', value: (r) => r.requiredSkills.join(' ') },
	{ header: 'scadenza_presa_in_carico', value: (r) => csvDateTime(r.acknowledgeDue) },
	{ header: 'scadenza_intervento', value: (r) => csvDateTime(r.onsiteDue) },
	{ header: 'scadenza_ripristino', value: (r) => csvDateTime(r.resolutionDue) },
	{ header: 'stato_sla', value: (r) => (r.slaState ? SLA_IT[r.slaState] : '') },
	{ header: 'presa_in_carico', value: (r) => csvDateTime(r.acknowledgedAt) },
	{ header: 'aperta_il', value: (r) => csvDateTime(r.createdAt) },
	{ header: 'descrizione', value: (r) => r.description.replace(/\s+/g, ' ') }
];

/** The calls list as filtered (same query string as the page), every page, as Italian Excel CSV. */
export async function exportCallsCsv(actor: Actor, params: URLSearchParams, now = new Date()): Promise<string> {
	authorize(actor, 'calls.read');
	const dueSoon = await dueSoonMinutes();
	const filter = filterOf(parseListQuery(params), now, dueSoon);
	const database = db();
	const total = await queries.countCallRows(database, filter);
	if (total > EXPORT_MAX_ROWS) throw new ValidationError('filters', `too many calls to export (${total} > ${EXPORT_MAX_ROWS}): narrow the filters`);
	const rows = await queries.listCallRows(database, filter, { limit: EXPORT_MAX_ROWS, offset: 0 });
	return toCsv(
		rows.map((r) => withSlaState(r, now, dueSoon)),
		COLUMNS
	);
}
