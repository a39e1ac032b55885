/**
 * CSV import of the accounting package's open items (partite aperte). Every row is checked and
 * every problem reported with its line (the header is line 1) before anything is written; a dry
 * run, or any bad row, writes nothing; otherwise the file replaces all rows of the source 'csv'
 * in one transaction (the export lists what is still open, so a paid item simply disappears).
 */
import { authorize, type Actor } from '../auth/actor';
import { parseCsv, parseItalianDate, type ImportProblem } from '../csv';
import { ValidationError } from '../errors';
import { customerRef, receivableItem, type ReceivableItem } from './receivable-input';
import { duplicateKey, resolveCustomers, writeSource } from './receivables.service';

export const CSV_SOURCE = 'csv';

export type ReceivablesImportProblem = ImportProblem & { code: 'missing_column' | 'unknown_column' | 'empty_file' | 'invalid' | 'unknown_customer' | 'duplicate_in_file' };
export type ReceivablesImportReport = { dryRun: boolean; rows: number; written: number; problems: ReceivablesImportProblem[] };

const COLUMNS = ['cliente', 'numero_documento', 'data_documento', 'scadenza', 'importo', 'pagato', 'residuo', 'ragione_sociale', 'note'] as const;
const REQUIRED = ['cliente', 'numero_documento', 'data_documento', 'scadenza', 'importo'] as const;
const ALIASES: Record<string, string> = {
	codice_cliente: 'cliente',
	partita_iva: 'cliente',
	numero: 'numero_documento',
	documento: 'numero_documento',
	n_documento: 'numero_documento',
	num_doc: 'numero_documento',
	data: 'data_documento',
	data_doc: 'data_documento',
	data_scadenza: 'scadenza',
	importo_rata: 'importo',
	importo_pagato: 'pagato',
	incassato: 'pagato',
	importo_residuo: 'residuo',
	descrizione: 'note'
};

function canonical(header: string): string {
	const h = header
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.trim()
		.toLowerCase()
		.replace(/[\s.\-/°]+/g, '_')
		.replace(/^_+|_+$/g, '');
	return ALIASES[h] ?? h;
}

/** "1.234,56" / "1234.56" / "1234" -> cents, exactly (no float maths); empty -> null; bad -> NaN. */
export function parseCents(value: string): number | null {
	const v = value.trim().replace(/\s|€/g, '');
	if (v === '') return null;
	const normalised = v.includes(',') ? v.replace(/\./g, '').replace(',', '.') : v;
	const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(normalised);
	if (!match) return NaN;
	const cents = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
	return match[1] ? -cents : cents;
}

const FIELD_HEADER: Record<string, string> = {
	customer: 'cliente',
	documentNumber: 'numero_documento',
	documentDate: 'data_documento',
	dueDate: 'scadenza',
	amountCents: 'importo',
	paidCents: 'pagato'
};

export async function importReceivables(actor: Actor, text: string, options: { dryRun: boolean }, ip: string | null = null): Promise<ReceivablesImportReport> {
	authorize(actor, 'receivables.write');
	if (typeof text !== 'string' || text.trim() === '') throw new ValidationError('file', 'the file is empty');
	const parsed = parseCsv(text);
	const problems: ReceivablesImportProblem[] = [];
	if (parsed.length === 0) return { dryRun: options.dryRun, rows: 0, written: 0, problems: [{ line: 1, field: 'file', message: 'the file has no data rows', code: 'empty_file' }] };

	const headers = new Map(Object.keys(parsed[0].values).map((h) => [h, canonical(h)]));
	const present = new Set(headers.values());
	for (const column of REQUIRED) if (!present.has(column)) problems.push({ line: 1, field: column, message: `missing column ${column}`, code: 'missing_column' });
	for (const [raw, c] of headers) if (raw !== '' && !(COLUMNS as readonly string[]).includes(c)) problems.push({ line: 1, field: raw, message: `unknown column ${raw}`, code: 'unknown_column' });
	if (problems.length) return { dryRun: options.dryRun, rows: parsed.length, written: 0, problems };

	const rows = parsed.map((r) => ({ line: r.line, v: Object.fromEntries(Object.entries(r.values).map(([k, val]) => [headers.get(k) ?? k, val])) as Record<string, string> }));
	const byRef = await resolveCustomers(rows.map((r) => r.v.cliente ?? '').filter(Boolean));

	const checked: { customerId: string; item: ReceivableItem }[] = [];
	const firstLine = new Map<string, number>();
	for (const { line, v } of rows) {
		const rowProblems: ReceivablesImportProblem[] = [];
		const date = (column: string) => {
			const d = parseItalianDate(v[column] ?? '');
			if (d === 'invalid') rowProblems.push({ line, field: column, message: `not a date: ${v[column]} (use 31/12/2026)`, code: 'invalid' });
			return d === 'invalid' || d === null ? '' : d;
		};
		const money = (column: string) => {
			const c = parseCents(v[column] ?? '');
			if (Number.isNaN(c)) rowProblems.push({ line, field: column, message: `not an amount: ${v[column]} (use 1.234,56)`, code: 'invalid' });
			return Number.isNaN(c) ? null : c;
		};
		const amount = money('importo');
		const paid = money('pagato');
		const residual = money('residuo');
		const input = {
			customer: v.cliente ?? '',
			documentNumber: v.numero_documento ?? '',
			documentDate: date('data_documento'),
			dueDate: date('scadenza'),
			amountCents: amount ?? undefined,
			// Some packages export the residual instead of the paid amount.
			paidCents: paid ?? (residual !== null && amount !== null ? amount - residual : 0)
		};
		const result = receivableItem.safeParse(input);
		if (!result.success) {
			for (const issue of result.error.issues) {
				const field = FIELD_HEADER[String(issue.path[0])] ?? String(issue.path[0]);
				// A date or amount that did not parse is already reported above.
				if (rowProblems.some((p) => p.field === field)) continue;
				rowProblems.push({ line, field, message: issue.message, code: 'invalid' });
			}
		}
		const customerId = input.customer ? byRef.get(customerRef(input.customer)) : undefined;
		if (input.customer && !customerId) rowProblems.push({ line, field: 'cliente', message: `no customer has code or partita IVA ${input.customer}`, code: 'unknown_customer' });
		if (result.success && customerId) {
			const key = duplicateKey(customerId, result.data);
			const first = firstLine.get(key);
			if (first) rowProblems.push({ line, field: 'numero_documento', message: `same document and due date as line ${first}`, code: 'duplicate_in_file' });
			else firstLine.set(key, line);
			if (rowProblems.length === 0) checked.push({ customerId, item: result.data });
		}
		problems.push(...rowProblems);
	}

	if (options.dryRun || problems.length > 0) return { dryRun: options.dryRun, rows: rows.length, written: 0, problems };
	await writeSource(CSV_SOURCE, checked, { actorUserId: actor.id, ip });
	return { dryRun: false, rows: rows.length, written: checked.length, problems: [] };
}
