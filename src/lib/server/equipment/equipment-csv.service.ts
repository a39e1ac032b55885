import { z } from 'zod';
import { formatAttributeForInput, validateAttributes, type AttributeDefinition, type AttributeValues } from '../../domain/equipment-attributes';
import { isValidSerial, serialKey } from '../../domain/serial';
import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { db } from '../db/client';
import { EQUIPMENT_STATUSES } from '../db/schema';
import { parseCsv, parseItalianDate, toCsv, type CsvColumn, type ImportProblem, type ImportReport } from '../csv';
import { ConflictError, ValidationError } from '../errors';
import { uuidv7 } from '../ids';
import * as attributeQueries from './attributes.queries';
import { toDomain } from './attributes.service';
import type { ListFilter } from './equipment-input';
import * as queries from './equipment.queries';
import { installedAt, listUnitsForExport, type UnitSummary } from './equipment.service';
import { listAllModels, type ModelRow } from './models.queries';
import { isUniqueViolation } from '../db/pg-errors';

/** At most this many rows per import: one transaction, one report the user can read. */
export const IMPORT_MAX_ROWS = 20_000;

type Status = (typeof EQUIPMENT_STATUSES)[number];

/** Column names the import accepts (first is the one the export writes), Italian ones included. */
const COLUMNS = {
	serial: ['serial', 'serial_number', 'matricola', 'numero_serie'],
	brand: ['brand', 'marca'],
	model: ['model', 'modello'],
	siteId: ['site_id', 'id_sede'],
	customerCode: ['customer_code', 'codice_cliente'],
	siteName: ['site_name', 'sede'],
	status: ['status', 'stato'],
	installDate: ['install_date', 'data_installazione'],
	warrantyEnd: ['warranty_end', 'fine_garanzia'],
	notes: ['notes', 'note']
} as const;
type Column = keyof typeof COLUMNS;

const STATUS_WORDS: Record<string, Status> = {
	active: 'active',
	attivo: 'active',
	attiva: 'active',
	under_repair: 'under_repair',
	'under repair': 'under_repair',
	'in riparazione': 'under_repair',
	in_riparazione: 'under_repair',
	riparazione: 'under_repair',
	standby: 'standby',
	'stand-by': 'standby',
	'stand by': 'standby',
	decommissioned: 'decommissioned',
	dismesso: 'decommissioned',
	dismessa: 'decommissioned'
};

function isoToItalian(value: string | null): string {
	if (!value) return '';
	const [y, m, d] = value.split('-');
	return `${d}/${m}/${y}`;
}

/** The filtered list as an Italian Excel CSV, in the same columns the import reads. */
export async function exportUnitsCsv(actor: Actor, filter: ListFilter): Promise<string> {
	const units = await listUnitsForExport(actor, filter);
	const definitions = await attributeQueries.listDefinitions(db());
	const codes = [...new Set(definitions.map((d) => d.code))];
	const typeOf = new Map(definitions.map((d) => [`${d.category}:${d.code}`, d.type]));
	const columns: CsvColumn<UnitSummary>[] = [
		{ header: 'serial', value: (u) => u.serialNumber },
		{ header: 'brand', value: (u) => u.brand },
		{ header: 'model', value: (u) => u.model },
		{ header: 'family', value: (u) => u.family },
		{ header: 'category', value: (u) => u.category },
		{ header: 'status', value: (u) => u.status },
		{ header: 'customer_code', value: (u) => u.customerCode },
		{ header: 'customer_name', value: (u) => u.customerName },
		{ header: 'site_id', value: (u) => u.siteId },
		{ header: 'site_name', value: (u) => u.siteName },
		{ header: 'comune', value: (u) => u.comuneName },
		{ header: 'province', value: (u) => u.province },
		{ header: 'install_date', value: (u) => isoToItalian(u.installDate) },
		{ header: 'warranty_end', value: (u) => isoToItalian(u.warrantyEnd) },
		{ header: 'notes', value: (u) => u.notes },
		...codes.map(
			(code): CsvColumn<UnitSummary> => ({
				header: `attr_${code}`,
				value: (u) => {
					const type = typeOf.get(`${u.category}:${code}`);
					return type ? formatAttributeForInput({ type }, u.attributes[code]) : '';
				}
			})
		)
	];
	return toCsv(units, columns);
}

type Prepared = {
	line: number;
	brand: string;
	key: string;
	row: queries.NewUnitRow;
	model: ModelRow;
	historyFrom: Date;
};

function pick(values: Record<string, string>, column: Column): string {
	for (const name of COLUMNS[column]) if (values[name] !== undefined) return values[name];
	return '';
}

function hasColumn(headers: Set<string>, column: Column): boolean {
	return COLUMNS[column].some((name) => headers.has(name));
}

/**
 * Imports units from a CSV: every row is checked (model, site, serial unique per brand across
 * the file and the database, dates, status, attr_<code> columns against the category's
 * definitions) and every problem is reported with its line and column. Nothing is written on a
 * dry run or when any row is bad; otherwise all rows, their meters and site history go in one
 * transaction.
 */
export async function importUnitsCsv(actor: Actor, text: string, options: { dryRun: boolean }, ip: string | null = null): Promise<ImportReport> {
	authorize(actor, 'equipment.write');
	const { dryRun } = z.object({ dryRun: z.boolean() }).parse(options);
	if (typeof text !== 'string' || text.trim() === '') throw new ValidationError('file', 'the file is empty');
	const rows = parseCsv(text, IMPORT_MAX_ROWS);
	if (rows.length === 0) throw new ValidationError('file', 'the file has no rows');
	const headers = new Set(Object.keys(rows[0].values));
	for (const column of ['serial', 'brand', 'model'] as const) {
		if (!hasColumn(headers, column)) throw new ValidationError('file', `missing column ${COLUMNS[column][0]}`);
	}
	if (!hasColumn(headers, 'siteId') && !(hasColumn(headers, 'customerCode') && hasColumn(headers, 'siteName'))) {
		throw new ValidationError('file', 'missing column site_id (or customer_code and site_name)');
	}
	const attrColumns = [...headers].filter((h) => h.startsWith('attr_'));

	const database = db();
	const models = await listAllModels(database);
	const modelByName = new Map(models.map((m) => [`${m.brand.toLowerCase()}\u0000${m.model.toLowerCase()}`, m]));
	const definitions = await attributeQueries.listDefinitions(database);
	const defsByCategory = new Map<string, AttributeDefinition[]>();
	for (const d of definitions) defsByCategory.set(d.category, [...(defsByCategory.get(d.category) ?? []), toDomain(d)]);

	const siteIds = [...new Set(rows.map((r) => pick(r.values, 'siteId')).filter((v) => z.uuid().safeParse(v).success))];
	const customerCodes = [...new Set(rows.map((r) => pick(r.values, 'customerCode')).filter((v) => v !== ''))];
	const [sitesById, sitesOfCustomers] = await Promise.all([queries.findSitesByIds(database, siteIds), queries.findSitesOfCustomerCodes(database, customerCodes)]);
	const siteById = new Map(sitesById.map((s) => [s.id, s]));
	const sitesByCustomerAndName = new Map<string, queries.SiteSummary[]>();
	for (const s of sitesOfCustomers) {
		const k = `${s.customerCode.toLowerCase()}\u0000${s.name.trim().toLowerCase()}`;
		sitesByCustomerAndName.set(k, [...(sitesByCustomerAndName.get(k) ?? []), s]);
	}

	const problems: ImportProblem[] = [];
	const prepared: Prepared[] = [];
	const seen = new Map<string, number>();
	const now = new Date();

	for (const { line, values } of rows) {
		const problem = (field: string, message: string) => problems.push({ line, field, message });
		const before = problems.length;

		const serial = pick(values, 'serial').replace(/\s+/g, ' ').trim();
		if (!serial) problem('serial', 'required');
		else if (!isValidSerial(serial)) problem('serial', 'letters and digits only, at most 64');

		const brandText = pick(values, 'brand');
		const modelText = pick(values, 'model');
		let model: ModelRow | undefined;
		if (!brandText) problem('brand', 'required');
		if (!modelText) problem('model', 'required');
		if (brandText && modelText) {
			model = modelByName.get(`${brandText.toLowerCase()}\u0000${modelText.toLowerCase()}`);
			if (!model) problem('model', `unknown model ${brandText} ${modelText}: create it first`);
		}

		let site: queries.SiteSummary | undefined;
		const siteIdText = pick(values, 'siteId');
		if (siteIdText) {
			site = z.uuid().safeParse(siteIdText).success ? siteById.get(siteIdText) : undefined;
			if (!site) problem('site_id', 'unknown site');
		} else {
			const code = pick(values, 'customerCode');
			const name = pick(values, 'siteName');
			if (!code || !name) problem('site_id', 'give site_id, or customer_code and site_name');
			else {
				const found = sitesByCustomerAndName.get(`${code.toLowerCase()}\u0000${name.trim().toLowerCase()}`) ?? [];
				if (found.length === 0) problem('site_name', `no site named "${name}" for customer ${code}`);
				else if (found.length > 1) problem('site_name', `customer ${code} has ${found.length} sites named "${name}": use site_id`);
				else site = found[0];
			}
		}
		if (site && !site.active) problem('site_id', 'the site is not active');

		const statusText = pick(values, 'status').trim().toLowerCase();
		const status: Status | undefined = statusText === '' ? 'active' : STATUS_WORDS[statusText];
		if (!status) problem('status', `must be one of: ${EQUIPMENT_STATUSES.join(', ')}`);

		const installDate = parseItalianDate(pick(values, 'installDate'));
		if (installDate === 'invalid') problem('install_date', 'must be a date (dd/mm/yyyy)');
		const warrantyEnd = parseItalianDate(pick(values, 'warrantyEnd'));
		if (warrantyEnd === 'invalid') problem('warranty_end', 'must be a date (dd/mm/yyyy)');
		if (installDate && warrantyEnd && installDate !== 'invalid' && warrantyEnd !== 'invalid' && warrantyEnd < installDate) {
			problem('warranty_end', 'must be on or after the install date');
		}
		const notes = pick(values, 'notes');
		if (notes.length > 2000) problem('notes', 'at most 2000 characters');

		let attributes: AttributeValues = {};
		if (model) {
			const given: Record<string, string> = {};
			for (const column of attrColumns) if (values[column]) given[column.slice('attr_'.length)] = values[column];
			const result = validateAttributes(given, defsByCategory.get(model.category) ?? []);
			if (result.ok) attributes = result.values;
			else for (const e of result.errors) problem(`attr_${e.code}`, e.message);
		}

		if (model && serial && isValidSerial(serial)) {
			const key = serialKey(serial);
			const dup = `${model.brand}\u0000${key}`;
			const earlier = seen.get(dup);
			if (earlier !== undefined) problem('serial', `same ${model.brand} serial as line ${earlier}`);
			else seen.set(dup, line);
			if (problems.length === before && site && status) {
				const install = installDate === 'invalid' ? null : installDate;
				prepared.push({
					line,
					brand: model.brand,
					key,
					model,
					historyFrom: installedAt(install, now),
					row: {
						id: uuidv7(),
						modelId: model.id,
						brand: model.brand,
						serialNumber: serial,
						serialKey: key,
						siteId: site.id,
						status,
						installDate: install,
						warrantyEnd: warrantyEnd === 'invalid' ? null : warrantyEnd,
						attributes,
						notes: notes || null
					}
				});
			}
		}
	}

	const existing = await queries.existingBrandSerialKeys(
		database,
		prepared.map((p) => ({ brand: p.brand, key: p.key }))
	);
	for (const p of prepared) {
		if (existing.has(`${p.brand}\u0000${p.key}`)) problems.push({ line: p.line, field: 'serial', message: `a ${p.brand} unit with this serial number already exists` });
	}
	problems.sort((a, b) => a.line - b.line);

	if (dryRun || problems.length > 0) return { dryRun, rows: rows.length, written: 0, problems };

	try {
		await database.transaction(async (tx) => {
			await queries.insertUnits(
				tx,
				prepared.map((p) => p.row)
			);
			await queries.insertMeters(
				tx,
				prepared.flatMap((p) => p.model.meterTypes.map((meterType) => ({ id: uuidv7(), equipmentId: p.row.id!, meterType })))
			);
			await queries.insertHistory(
				tx,
				prepared.map((p) => ({ id: uuidv7(), equipmentId: p.row.id!, siteId: p.row.siteId, fromAt: p.historyFrom, movedBy: actor.id, reason: null }))
			);
			await audit({ action: 'equipment.import', actorUserId: actor.id, subject: null, ip, details: { rows: prepared.length } }, tx);
		});
	} catch (error) {
		if (isUniqueViolation(error, 'equipment_brand_serial_key_uq')) {
			throw new ConflictError('file', 'another user registered one of these serial numbers meanwhile: run the import again to see which');
		}
		throw error;
	}
	return { dryRun, rows: rows.length, written: prepared.length, problems: [] };
}
