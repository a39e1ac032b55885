/**
 * CSV imports of customers and of sites. Every row is checked and every problem reported with
 * its line (the header is line 1) before anything is written; a dry run, or any bad row, writes
 * nothing; otherwise all rows are written in one transaction.
 */
import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { parseCsv, type CsvRow, type ImportProblem, type ImportReport } from '../csv';
import { db, type Db } from '../db/client';
import { ValidationError } from '../errors';
import { uuidv7 } from '../ids';
import { comuniByIstat, comuniByName, type ComuneRow } from './comuni.queries';
import {
	checkCustomer,
	checkSite,
	normalizeVatNumber,
	SDI_OR_PEC_MESSAGE,
	TAX_ID_MESSAGE,
	type CustomerValues,
	type FieldProblem,
	type SiteValues
} from './customer-input';
import { customersByCodesOrVat, highestCustomerNumber, insertCustomers, lockCustomerCodes, type NewCustomerRow } from './customers.queries';
import { conflictFromDatabase, customerCode } from './service-helpers';
import { siteRow } from './sites.service';
import { insertSites, siteNamesOfCustomers, type NewSiteRow } from './sites.queries';

export type ImportProblemCode =
	| 'invalid'
	| 'tax_id_required'
	| 'sdi_or_pec_required'
	| 'duplicate_in_file'
	| 'vat_taken'
	| 'code_taken'
	| 'unknown_comune'
	| 'ambiguous_comune'
	| 'unknown_customer'
	| 'site_name_taken'
	| 'coordinates_pair'
	| 'missing_column'
	| 'unknown_column'
	| 'empty_file';

/** A problem also carries a code and its values, so pages can say it in the user's language. */
export type CustomersImportProblem = ImportProblem & { code: ImportProblemCode; params?: Record<string, string> };
export type CustomersImportReport = Omit<ImportReport, 'problems'> & { problems: CustomersImportProblem[] };

export const CUSTOMER_IMPORT_COLUMNS = {
	codice: 'code',
	ragione_sociale: 'businessName',
	partita_iva: 'vatNumber',
	codice_fiscale: 'fiscalCode',
	codice_sdi: 'sdiCode',
	pec: 'pec',
	indirizzo: 'address',
	cap: 'cap',
	comune_istat: 'comuneIstat',
	comune: 'comuneName',
	provincia: 'province',
	email: 'email',
	telefono: 'phone',
	giorni_pagamento: 'paymentTermsDays',
	note: 'notes',
	attivo: 'active'
} as const satisfies Record<string, keyof CustomerValues>;

export const SITE_IMPORT_COLUMNS = {
	cliente: 'customer',
	nome: 'name',
	indirizzo: 'address',
	cap: 'cap',
	comune_istat: 'comuneIstat',
	comune: 'comuneName',
	provincia: 'province',
	lat: 'location.lat',
	lng: 'location.lng',
	note_accesso: 'accessNotes',
	orari: 'openingHours',
	attivo: 'active'
} as const;

const REQUIRED = { customers: ['ragione_sociale', 'indirizzo'], sites: ['cliente', 'nome', 'indirizzo'] } as const;
/** Columns our own exports add for information; an import skips them. */
const INFORMATIONAL = { customers: ['sedi', 'contratto_attivo'], sites: ['ragione_sociale', 'apparecchiature'] } as const;
const ALIASES: Record<string, string> = {
	ragionesociale: 'ragione_sociale',
	denominazione: 'ragione_sociale',
	p_iva: 'partita_iva',
	piva: 'partita_iva',
	partitaiva: 'partita_iva',
	cf: 'codice_fiscale',
	codicefiscale: 'codice_fiscale',
	sdi: 'codice_sdi',
	codice_destinatario: 'codice_sdi',
	istat: 'comune_istat',
	codice_istat: 'comune_istat',
	prov: 'provincia',
	tel: 'telefono',
	latitudine: 'lat',
	longitudine: 'lng',
	lon: 'lng',
	sede: 'nome',
	nome_sede: 'nome',
	codice_cliente: 'cliente'
};

/** "Partita IVA" -> "partita_iva", "Città" -> "citta": people rename headers in Excel. */
export function canonicalHeader(header: string): string {
	const h = header
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.trim()
		.toLowerCase()
		.replace(/[\s.\-/]+/g, '_')
		.replace(/^_+|_+$/g, '');
	return ALIASES[h] ?? h;
}

/** Excel turns 01234567890 into 1234567890 and 00184 into 184; put the zeros back. */
function restoreZeros(value: string, length: number, shortest: number): string {
	return /^\d+$/.test(value) && value.length >= shortest && value.length < length ? value.padStart(length, '0') : value;
}

function yesNo(value: string | undefined): boolean | string | undefined {
	if (value === undefined || value === '') return undefined;
	const v = value.trim().toLowerCase();
	if (['sì', 'si', 's', 'yes', 'y', 'true', 'vero', '1', 'x'].includes(v)) return true;
	if (['no', 'n', 'false', 'falso', '0'].includes(v)) return false;
	return value;
}

type Rows = { rows: { line: number; values: Record<string, string> }[]; problems: CustomersImportProblem[]; columns: string[] };

/** Rows keyed by canonical header, plus problems with the header row itself. */
function readRows(text: string, kind: 'customers' | 'sites', known: readonly string[]): Rows {
	const parsed: CsvRow[] = parseCsv(text);
	if (parsed.length === 0) return { rows: [], columns: [], problems: [{ line: 1, field: 'file', message: 'the file has no data rows', code: 'empty_file' }] };
	const headers = Object.keys(parsed[0].values);
	const canonical = new Map(headers.map((h) => [h, canonicalHeader(h)]));
	const present = new Set(canonical.values());
	const problems: CustomersImportProblem[] = [];
	for (const column of REQUIRED[kind]) {
		if (!present.has(column)) problems.push({ line: 1, field: column, message: `missing column ${column}`, code: 'missing_column', params: { column } });
	}
	if (kind === 'sites' && !present.has('comune_istat') && !present.has('comune')) {
		problems.push({ line: 1, field: 'comune_istat', message: 'missing column comune_istat (or comune and provincia)', code: 'missing_column', params: { column: 'comune_istat' } });
	}
	for (const [raw, c] of canonical) {
		if (raw === '' || known.includes(c) || (INFORMATIONAL[kind] as readonly string[]).includes(c)) continue;
		problems.push({ line: 1, field: raw, message: `unknown column ${raw}`, code: 'unknown_column', params: { column: raw } });
	}
	const rows = parsed.map((r) => ({
		line: r.line,
		values: Object.fromEntries(Object.entries(r.values).map(([k, v]) => [canonical.get(k) ?? k, v]))
	}));
	return { rows, problems, columns: [...canonical.values()] };
}

function fieldProblems(line: number, problems: FieldProblem[], headerOf: (field: string) => string): CustomersImportProblem[] {
	return problems.map((p) => ({
		line,
		field: headerOf(p.field),
		message: p.message,
		code: p.message === TAX_ID_MESSAGE ? 'tax_id_required' : p.message === SDI_OR_PEC_MESSAGE ? 'sdi_or_pec_required' : 'invalid'
	}));
}

function headerFinder(columns: Record<string, string>) {
	const byField = new Map(Object.entries(columns).map(([h, f]) => [f, h]));
	return (field: string) => byField.get(field) ?? field;
}

/** Problems by line, and within a line in the order of the file's columns. */
function report(dryRun: boolean, rows: number, written: number, problems: CustomersImportProblem[], columns: string[] = []): CustomersImportReport {
	const position = (field: string) => {
		const i = columns.indexOf(field);
		return i < 0 ? columns.length : i;
	};
	return { dryRun, rows, written, problems: problems.sort((a, b) => a.line - b.line || position(a.field) - position(b.field)) };
}

/** Resolves a comune named in a row: by ISTAT code, else by name (and province when several share it). */
function comuneResolver(byIstat: Map<string, ComuneRow>, byName: Map<string, ComuneRow[]>) {
	return (istat: string, name: string, province: string): { comune?: ComuneRow; problem?: Omit<CustomersImportProblem, 'line'> } => {
		if (istat) {
			const comune = byIstat.get(istat);
			return comune ? { comune } : { problem: { field: 'comune_istat', message: `unknown comune ISTAT code ${istat}`, code: 'unknown_comune', params: { value: istat } } };
		}
		const label = province ? `${name} (${province.toUpperCase()})` : name;
		const candidates = (byName.get(name.toLowerCase()) ?? []).filter((c) => !province || c.province === province.toUpperCase());
		if (candidates.length === 1) return { comune: candidates[0] };
		if (candidates.length === 0) return { problem: { field: 'comune', message: `unknown comune ${label}`, code: 'unknown_comune', params: { value: label } } };
		return { problem: { field: 'provincia', message: `several comuni are named ${name}: add the provincia or the comune_istat`, code: 'ambiguous_comune', params: { value: name } } };
	};
}

async function loadComuni(database: Db, codes: Set<string>, names: Set<string>) {
	const [a, b] = await Promise.all([comuniByIstat(database, [...codes]), comuniByName(database, [...names])]);
	const byIstat = new Map(a.map((c) => [c.istat, c]));
	const byName = new Map<string, ComuneRow[]>();
	for (const c of b) byName.set(c.name.toLowerCase(), [...(byName.get(c.name.toLowerCase()) ?? []), c]);
	return comuneResolver(byIstat, byName);
}

// ---------------------------------------------------------------------------------------------

export async function importCustomers(actor: Actor, text: string, options: { dryRun: boolean }, ip: string | null = null): Promise<CustomersImportReport> {
	authorize(actor, 'customers.write');
	if (typeof text !== 'string' || text.trim() === '') throw new ValidationError('file', 'the file is empty');
	const { rows, problems, columns } = readRows(text, 'customers', Object.keys(CUSTOMER_IMPORT_COLUMNS));
	if (rows.length === 0) return report(options.dryRun, 0, 0, problems);
	const headerOf = headerFinder(CUSTOMER_IMPORT_COLUMNS);
	const database = db();

	const drafts = rows.map(({ line, values }) => {
		const input: Record<string, unknown> = {};
		for (const [header, field] of Object.entries(CUSTOMER_IMPORT_COLUMNS)) if (header in values) input[field] = values[header];
		if (typeof input.vatNumber === 'string') input.vatNumber = restoreZeros(normalizeVatNumber(input.vatNumber), 11, 9);
		if (typeof input.fiscalCode === 'string') input.fiscalCode = restoreZeros(input.fiscalCode.trim(), 11, 9);
		if (typeof input.cap === 'string') input.cap = restoreZeros(input.cap.trim(), 5, 3);
		if (typeof input.comuneIstat === 'string') input.comuneIstat = restoreZeros(input.comuneIstat.trim(), 6, 4);
		if ('active' in input) input.active = yesNo(values.attivo);
		return { line, values, input };
	});

	const codes = new Set<string>();
	const names = new Set<string>();
	for (const d of drafts) {
		if (typeof d.input.comuneIstat === 'string' && d.input.comuneIstat) codes.add(d.input.comuneIstat);
		else if (typeof d.input.comuneName === 'string' && d.input.comuneName) names.add(d.input.comuneName.toLowerCase());
	}
	const resolve = await loadComuni(database, codes, names);

	const checked: { line: number; value: CustomerValues }[] = [];
	const firstLineOfVat = new Map<string, number>();
	const firstLineOfCode = new Map<string, number>();
	for (const d of drafts) {
		const rowProblems: CustomersImportProblem[] = [];
		const istat = String(d.input.comuneIstat ?? '');
		const name = String(d.input.comuneName ?? '');
		let comune: ComuneRow | undefined;
		if (istat || name) {
			const found = resolve(istat, name, String(d.input.province ?? ''));
			if (found.problem) rowProblems.push({ line: d.line, ...found.problem });
			comune = found.comune;
		}
		const unplaced = !istat && !name;
		const { value, problems: fp } = checkCustomer({
			...d.input,
			comuneIstat: comune?.istat ?? null,
			comuneName: comune?.name ?? null,
			province: comune?.province ?? (unplaced ? (d.input.province ?? null) : null)
		});
		rowProblems.push(...fieldProblems(d.line, fp, headerOf));
		if (value) {
			value.cap ??= comune?.caps[0] ?? null;
			if (value.vatNumber) {
				const first = firstLineOfVat.get(value.vatNumber);
				if (first) rowProblems.push({ line: d.line, field: 'partita_iva', message: `same partita IVA as line ${first}`, code: 'duplicate_in_file', params: { line: String(first) } });
				else firstLineOfVat.set(value.vatNumber, d.line);
			}
			if (value.code) {
				const first = firstLineOfCode.get(value.code);
				if (first) rowProblems.push({ line: d.line, field: 'codice', message: `same codice as line ${first}`, code: 'duplicate_in_file', params: { line: String(first) } });
				else firstLineOfCode.set(value.code, d.line);
			}
			if (rowProblems.length === 0) checked.push({ line: d.line, value });
		}
		problems.push(...rowProblems);
	}

	const existing = await customersByCodesOrVat(database, [...firstLineOfCode.keys()], [...firstLineOfVat.keys()]);
	for (const c of existing) {
		const vatLine = c.vatNumber ? firstLineOfVat.get(c.vatNumber) : undefined;
		if (vatLine) problems.push({ line: vatLine, field: 'partita_iva', message: `partita IVA already belongs to customer ${c.code} (${c.businessName})`, code: 'vat_taken', params: { code: c.code, name: c.businessName } });
		const codeLine = firstLineOfCode.get(c.code);
		if (codeLine) problems.push({ line: codeLine, field: 'codice', message: `code already used by ${c.businessName}`, code: 'code_taken', params: { code: c.code, name: c.businessName } });
	}

	if (options.dryRun || problems.length > 0) return report(options.dryRun, rows.length, 0, problems, columns);

	try {
		await database.transaction(async (tx) => {
			await lockCustomerCodes(tx);
			let next = await highestCustomerNumber(tx);
			const taken = new Set(firstLineOfCode.keys());
			const insert: NewCustomerRow[] = checked.map(({ value }) => {
				let code = value.code;
				while (!code || (!value.code && taken.has(code))) code = customerCode(++next);
				taken.add(code);
				return { ...value, id: uuidv7(), code };
			});
			await insertCustomers(tx, insert);
			await audit({ action: 'customers.import', actorUserId: actor.id, ip, details: { rows: insert.length } }, tx);
		});
	} catch (error) {
		conflictFromDatabase(error);
	}
	return report(false, rows.length, checked.length, []);
}

// ---------------------------------------------------------------------------------------------

export async function importSites(actor: Actor, text: string, options: { dryRun: boolean }, ip: string | null = null): Promise<CustomersImportReport> {
	authorize(actor, 'customers.write');
	if (typeof text !== 'string' || text.trim() === '') throw new ValidationError('file', 'the file is empty');
	const { rows, problems, columns } = readRows(text, 'sites', Object.keys(SITE_IMPORT_COLUMNS));
	if (rows.length === 0) return report(options.dryRun, 0, 0, problems);
	const headerOf = headerFinder(SITE_IMPORT_COLUMNS);
	const database = db();

	const drafts = rows.map(({ line, values }) => {
		const v = (h: string) => (values[h] ?? '').trim();
		const customerRef = v('cliente').toUpperCase().replace(/\s+/g, '');
		const vatRef = /^(IT)?\d{9,11}$/.test(customerRef) ? restoreZeros(customerRef.replace(/^IT/, ''), 11, 9) : null;
		return { line, v, customerRef, vatRef, istat: restoreZeros(v('comune_istat'), 6, 4), comuneName: v('comune'), province: v('provincia') };
	});

	const customers = await customersByCodesOrVat(
		database,
		[...new Set(drafts.map((d) => d.customerRef).filter(Boolean))],
		[...new Set(drafts.map((d) => d.vatRef).filter((x): x is string => !!x))]
	);
	const byCode = new Map(customers.map((c) => [c.code, c]));
	const byVat = new Map(customers.filter((c) => c.vatNumber).map((c) => [c.vatNumber!, c]));
	const resolve = await loadComuni(
		database,
		new Set(drafts.map((d) => d.istat).filter(Boolean)),
		new Set(drafts.filter((d) => !d.istat && d.comuneName).map((d) => d.comuneName.toLowerCase()))
	);
	const existingNames = new Set(
		(await siteNamesOfCustomers(database, customers.map((c) => c.id))).map((s) => `${s.customerId}\u0000${s.name}`)
	);

	const checked: { customerId: string; value: SiteValues; comune: ComuneRow }[] = [];
	const firstLineOfName = new Map<string, number>();
	for (const d of drafts) {
		const rowProblems: CustomersImportProblem[] = [];
		const customer = d.customerRef ? (byCode.get(d.customerRef) ?? (d.vatRef ? byVat.get(d.vatRef) : undefined)) : undefined;
		if (!d.customerRef) rowProblems.push({ line: d.line, field: 'cliente', message: 'required: the customer code or partita IVA', code: 'invalid' });
		else if (!customer) rowProblems.push({ line: d.line, field: 'cliente', message: `no customer has code or partita IVA ${d.customerRef}`, code: 'unknown_customer', params: { value: d.customerRef } });

		let comune: ComuneRow | undefined;
		if (d.istat || d.comuneName) {
			const found = resolve(d.istat, d.comuneName, d.province);
			if (found.problem) rowProblems.push({ line: d.line, ...found.problem });
			comune = found.comune;
		}

		const lat = d.v('lat');
		const lng = d.v('lng');
		if ((lat === '') !== (lng === '')) {
			const missing = lat === '' ? 'lat' : 'lng';
			rowProblems.push({ line: d.line, field: missing, message: 'give both lat and lng, or neither to use the comune', code: 'coordinates_pair' });
		}
		const input = {
			name: d.v('nome'),
			address: d.v('indirizzo'),
			// An unresolved comune is already reported above; a placeholder keeps it from being reported twice.
			comuneIstat: comune?.istat ?? (d.istat || d.comuneName ? '000000' : ''),
			cap: restoreZeros(d.v('cap'), 5, 3),
			location: lat !== '' && lng !== '' ? { lat, lng } : null,
			accessNotes: d.v('note_accesso'),
			openingHours: d.v('orari'),
			active: yesNo(d.v('attivo'))
		};
		const { value, problems: fp } = checkSite(input);
		rowProblems.push(...fieldProblems(d.line, fp, (f) => (f === 'comuneIstat' ? 'comune_istat' : headerOf(f))));
		if (value && customer) {
			const key = `${customer.id}\u0000${value.name.toLowerCase()}`;
			const first = firstLineOfName.get(key);
			if (first) rowProblems.push({ line: d.line, field: 'nome', message: `same customer and site name as line ${first}`, code: 'duplicate_in_file', params: { line: String(first) } });
			else if (existingNames.has(key)) rowProblems.push({ line: d.line, field: 'nome', message: `customer ${customer.code} already has a site named ${value.name}`, code: 'site_name_taken', params: { code: customer.code, name: value.name } });
			firstLineOfName.set(key, first ?? d.line);
			if (rowProblems.length === 0 && comune) checked.push({ customerId: customer.id, value, comune });
		}
		problems.push(...rowProblems);
	}

	if (options.dryRun || problems.length > 0) return report(options.dryRun, rows.length, 0, problems, columns);

	await database.transaction(async (tx) => {
		const insert: NewSiteRow[] = checked.map(({ customerId, value, comune }) => ({ id: uuidv7(), customerId, ...siteRow(value, comune) }));
		await insertSites(tx, insert);
		await audit({ action: 'sites.import', actorUserId: actor.id, ip, details: { rows: insert.length } }, tx);
	});
	return report(false, rows.length, checked.length, []);
}
