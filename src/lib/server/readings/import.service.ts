import { countingSeries, type SeriesReading } from '$lib/domain/meter-usage';
import { checkReading, type CandidateReading } from '$lib/domain/reading-check';
import { serialKey } from '$lib/domain/serial';
import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { parseCsv, parseItalianDate, type CsvRow, type ImportProblem, type ImportReport } from '../csv';
import { db } from '../db/client';
import type { READING_SOURCES } from '../db/schema';
import { uuidv7 } from '../ids';
import { parseCount, romeDateTimeToIso } from './reading-input';
import * as queries from './readings.queries';
import { refusedError, reviewReasonText, type RefusalParams } from './refusal';

/**
 * Bulk import of readings from an Italian Excel CSV: serial; meter type; value; date
 * (dd/mm/yyyy [hh:mm], Rome time, noon when no time); source; optional brand, kind and old
 * meter final value. Every row is checked (the same reading check as one reading at a time,
 * in time order per meter, against the stored readings); nothing is written on a dry run or when
 * any row has a problem, and everything is written in one transaction otherwise.
 */

type Source = (typeof READING_SOURCES)[number];
type Kind = 'normal' | 'rollover' | 'replacement';

const COLUMNS = {
	serial: ['serial', 'matricola', 'serial number', 'numero di serie', 'seriale'],
	brand: ['brand', 'marca'],
	meterType: ['meter type', 'meter_type', 'metertype', 'meter', 'contatore', 'tipo contatore'],
	value: ['value', 'valore', 'lettura'],
	date: ['date', 'data', 'data lettura', 'read at'],
	source: ['source', 'origine', 'fonte'],
	kind: ['kind', 'tipo', 'tipo lettura'],
	finalValue: ['previous meter final value', 'final value', 'valore finale', 'valore finale vecchio contatore']
} as const;
const REQUIRED = ['serial', 'meterType', 'value', 'date', 'source'] as const;

const SOURCES: Record<string, Source> = {
	technician: 'technician',
	tecnico: 'technician',
	customer: 'customer',
	cliente: 'customer',
	remote: 'remote',
	remoto: 'remote',
	remota: 'remote',
	telelettura: 'remote',
	estimated: 'estimated',
	stimata: 'estimated',
	stimato: 'estimated',
	stima: 'estimated'
};
const KINDS: Record<string, Kind> = {
	'': 'normal',
	normal: 'normal',
	normale: 'normal',
	rollover: 'rollover',
	giro: 'rollover',
	azzeramento: 'rollover',
	replacement: 'replacement',
	sostituzione: 'replacement'
};

/** A row problem with a code and figures, so pages can say it in the user's language. */
export type ReadingImportProblem = ImportProblem & {
	code: string;
	params?: Record<string, string>;
	/** For readings the check refused: the same reason and figures as a single reading gets. */
	refusal?: { reason: string; params: RefusalParams };
};

export type ReadingsImportReport = Omit<ImportReport, 'problems'> & {
	problems: ReadingImportProblem[];
	/** Rows that are fine but will wait in the review queue (usage far from the expected). */
	review: ImportProblem[];
};

type Problem = (line: number, field: string, message: string, code: string, params?: Record<string, string>) => void;

type ParsedRow = {
	line: number;
	serial: string;
	brand: string | null;
	meterType: string;
	value: number;
	readAt: Date;
	source: Source;
	kind: Kind;
	finalValue: number | null;
	meter?: { id: string; equipmentId: string };
};

class Rollback extends Error {}

function columnOf(headers: string[], names: readonly string[]): string | null {
	return headers.find((h) => (names as readonly string[]).includes(h)) ?? null;
}

function parseWhen(text: string): Date | null {
	const [datePart, timePart, ...rest] = text.trim().split(/\s+/);
	if (rest.length || !datePart) return null;
	const date = parseItalianDate(datePart);
	if (date === null || date === 'invalid') return null;
	if (timePart !== undefined && !/^\d{1,2}[:.]\d{2}$/.test(timePart)) return null;
	const iso = romeDateTimeToIso(date, timePart ? timePart.replace('.', ':') : null);
	return iso ? new Date(iso) : null;
}

export async function importReadings(actor: Actor | null | undefined, text: string, options: { dryRun: boolean }, ip: string | null = null, now = new Date()): Promise<ReadingsImportReport> {
	authorize(actor, 'readings.write');
	const csv = parseCsv(text);
	const report: ReadingsImportReport = { dryRun: options.dryRun, rows: csv.length, written: 0, problems: [], review: [] };
	const problem: Problem = (line, field, message, code, params) => report.problems.push({ line, field, message, code, ...(params ? { params } : {}) });
	if (csv.length === 0) {
		problem(1, 'file', 'the file has no rows', 'empty_file');
		return report;
	}
	const headers = Object.keys(csv[0].values);
	const col = Object.fromEntries(Object.entries(COLUMNS).map(([k, names]) => [k, columnOf(headers, names)])) as Record<keyof typeof COLUMNS, string | null>;
	for (const key of REQUIRED) {
		const names = COLUMNS[key].slice(0, 2).join(' / ');
		if (!col[key]) problem(1, key, `missing column (${names})`, 'missing_column', { column: names });
	}
	if (report.problems.length) return report;

	const types = await queries.listMeterTypes(db());
	const typeOf = new Map<string, string>();
	for (const t of types) for (const name of [t.code, t.nameIt, t.nameEn]) typeOf.set(name.toLowerCase(), t.code);

	const parsed: ParsedRow[] = [];
	for (const row of csv) {
		const got = parseRow(row, col, typeOf, problem);
		if (got) parsed.push(got);
	}

	// Resolve serials and meters in two queries.
	const units = await queries.findEquipmentBySerialKeys(db(), [...new Set(parsed.map((r) => serialKey(r.serial)))]);
	const meters = await queries.listMetersOf(db(), [...new Set(units.map((u) => u.id))]);
	for (const row of parsed) {
		const matches = units.filter((u) => u.serialKey === serialKey(row.serial) && (!row.brand || u.brand.toLowerCase() === row.brand.toLowerCase()));
		if (matches.length === 0) {
			problem(row.line, 'serial', `no unit with serial ${row.serial}${row.brand ? ` and brand ${row.brand}` : ''}`, 'unknown_serial', { serial: row.serial });
			continue;
		}
		if (matches.length > 1) {
			const brands = matches.map((u) => u.brand).join(', ');
			problem(row.line, 'serial', `serial ${row.serial} belongs to units of several brands (${brands}); add a brand column`, 'ambiguous_serial', { serial: row.serial, brands });
			continue;
		}
		const meter = meters.find((m) => m.equipmentId === matches[0].id && m.meterType === row.meterType);
		if (!meter) {
			problem(row.line, 'meterType', `unit ${matches[0].serialNumber} has no "${row.meterType}" meter`, 'no_meter', { serial: matches[0].serialNumber, meter: row.meterType });
			continue;
		}
		row.meter = { id: meter.id, equipmentId: meter.equipmentId };
	}

	const ready = parsed.filter((r) => r.meter);
	try {
		await db().transaction(async (tx) => {
			const locked = await queries.lockMeters(tx, [...new Set(ready.map((r) => r.meter!.id))]);
			const stored = await queries.readingsOfMeters(
				tx,
				locked.map((m) => m.id)
			);
			const inserts: queries.NewReadingRow[] = [];
			for (const meter of locked) {
				const series: SeriesReading[] = countingSeries(stored.filter((r) => r.meterId === meter.id));
				const mine = ready.filter((r) => r.meter!.id === meter.id).sort((a, b) => a.readAt.getTime() - b.readAt.getTime() || a.line - b.line);
				for (const row of mine) {
					const candidate: CandidateReading = { value: row.value, readAt: row.readAt, kind: row.kind, previousMeterFinalValue: row.finalValue };
					const result = checkReading(series, candidate, { maxValue: meter.maxValue, now });
					if (result.outcome === 'refuse') {
						const error = refusedError(result.reason, candidate, result.previous, meter.maxValue);
						report.problems.push({ line: row.line, field: error.field, message: error.message, code: 'refused', refusal: { reason: error.reason, params: error.params } });
						continue;
					}
					const reviewReason = result.outcome === 'review' ? reviewReasonText(result.reason, result.usage, result.expected) : null;
					if (reviewReason) report.review.push({ line: row.line, field: 'value', message: reviewReason });
					else series.push(candidate);
					inserts.push({
						id: uuidv7(),
						meterId: meter.id,
						value: row.value,
						readAt: row.readAt,
						source: row.source,
						kind: row.kind,
						previousMeterFinalValue: row.finalValue,
						validForBilling: row.source !== 'estimated',
						status: reviewReason ? 'review' : 'accepted',
						reviewReason,
						enteredBy: actor.id,
						createdAt: now
					});
				}
			}
			if (report.problems.length || options.dryRun) throw new Rollback();
			await queries.insertReadings(tx, inserts);
			await audit({ action: 'meter-reading.import', actorUserId: actor.id, ip, details: { rows: csv.length, written: inserts.length, review: report.review.length } }, tx);
			report.written = inserts.length;
		});
	} catch (error) {
		if (!(error instanceof Rollback)) throw error;
	}
	report.problems.sort((a, b) => a.line - b.line);
	report.review.sort((a, b) => a.line - b.line);
	return report;
}

function parseRow(
	row: CsvRow,
	col: Record<keyof typeof COLUMNS, string | null>,
	typeOf: Map<string, string>,
	problem: Problem
): ParsedRow | null {
	const v = (key: keyof typeof COLUMNS) => (col[key] ? (row.values[col[key]!] ?? '') : '');
	const before = { n: 0 };
	const fail = (field: string, message: string, code: string, params?: Record<string, string>) => {
		before.n++;
		problem(row.line, field, message, code, params);
	};
	const serial = v('serial');
	if (!serial) fail('serial', 'required', 'required');
	const meterType = typeOf.get(v('meterType').toLowerCase());
	if (!v('meterType')) fail('meterType', 'required', 'required');
	else if (!meterType) fail('meterType', `unknown meter type "${v('meterType')}" (use ${[...new Set(typeOf.values())].join(', ')})`, 'unknown_meter_type', { text: v('meterType') });
	const value = parseCount(v('value'));
	if (value === null) fail('value', 'required', 'required');
	else if (!Number.isSafeInteger(value)) fail('value', `"${v('value')}" is not a whole number`, 'not_a_number', { text: v('value') });
	const readAt = v('date') ? parseWhen(v('date')) : null;
	if (!v('date')) fail('date', 'required', 'required');
	else if (!readAt) fail('date', `"${v('date')}" is not a date dd/mm/yyyy [hh:mm]`, 'not_a_date', { text: v('date') });
	const source = SOURCES[v('source').toLowerCase()];
	if (!v('source')) fail('source', 'required', 'required');
	else if (!source) fail('source', `unknown source "${v('source')}" (use technician, customer, remote, estimated)`, 'unknown_source', { text: v('source') });
	const kind = KINDS[v('kind').toLowerCase()];
	if (!kind) fail('kind', `unknown kind "${v('kind')}" (use normal, rollover, replacement)`, 'unknown_kind', { text: v('kind') });
	const finalValue = parseCount(v('finalValue'));
	if (Number.isNaN(finalValue)) fail('finalValue', `"${v('finalValue')}" is not a whole number`, 'not_a_number', { text: v('finalValue') });
	else if (finalValue !== null && kind !== 'replacement') fail('finalValue', "only a meter replacement has the old meter's final value", 'final_only_for_replacement');
	if (before.n > 0) return null;
	return { line: row.line, serial, brand: v('brand') || null, meterType: meterType!, value: value!, readAt: readAt!, source, kind, finalValue };
}
