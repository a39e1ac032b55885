import { Temporal } from 'temporal-polyfill';
import { validateAttributes, type AttributeValues } from '../../domain/equipment-attributes';
import { serialKey } from '../../domain/serial';
import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { db, type Db } from '../db/client';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { uuidv7 } from '../ids';
import { pageOf, type Page, type PageRequest } from '../pagination';
import { definitionsFor } from './attributes.service';
import {
	AttributeValidationError,
	checkWarranty,
	createUnitInput,
	moveUnitInput,
	parse,
	requireUuid,
	updateUnitInput,
	type ListFilter
} from './equipment-input';
import * as queries from './equipment.queries';
import { findModelById, type ModelRow } from './models.queries';
import { isUniqueViolation } from '../db/pg-errors';

export type UnitSummary = queries.UnitSummary;
export type UnitDetail = UnitSummary & { meters: Awaited<ReturnType<typeof queries.listMetersOfUnit>>; createdAt: Date; updatedAt: Date };

const COMPANY_ZONE = 'Europe/Rome';
/** Exports stop here: a spreadsheet beyond this is better served by the API's pages. */
export const EXPORT_LIMIT = 100_000;

/** The start of a day in the company's zone, as an instant. */
export function startOfDay(isoDate: string): Date {
	return new Date(Temporal.PlainDate.from(isoDate).toZonedDateTime({ timeZone: COMPANY_ZONE }).epochMilliseconds);
}

function serialConflict(brand: string): ConflictError {
	return new ConflictError('serialNumber', `a ${brand} unit with this serial number already exists`);
}

async function validUnitAttributes(database: Db, model: ModelRow, input: unknown): Promise<AttributeValues> {
	const result = validateAttributes(input, await definitionsFor(database, model.category));
	if (!result.ok) throw new AttributeValidationError(result.errors);
	return result.values;
}

async function activeSite(database: Db, siteId: string): Promise<queries.SiteSummary> {
	const site = await queries.findSiteSummary(database, siteId);
	if (!site) throw new ValidationError('siteId', 'unknown site');
	if (!site.active) throw new ValidationError('siteId', 'the site is not active');
	return site;
}

/**
 * A unit, its meters (one per meter type of its model) and the open row of its site history,
 * written together: a unit never exists without the meters readings attach to.
 */
export async function createUnit(actor: Actor, input: unknown, ip: string | null = null): Promise<UnitDetail> {
	authorize(actor, 'equipment.write');
	const data = parse(createUnitInput, input);
	const id = uuidv7();
	const now = new Date();
	try {
		await db().transaction(async (tx) => {
			const model = await findModelById(tx, data.modelId);
			if (!model) throw new ValidationError('modelId', 'unknown model');
			await activeSite(tx, data.siteId);
			const attributes = await validUnitAttributes(tx, model, data.attributes);
			const key = serialKey(data.serialNumber);
			if (await queries.findUnitByBrandSerialKey(tx, model.brand, key)) throw serialConflict(model.brand);
			await queries.insertUnits(tx, [
				{
					id,
					modelId: model.id,
					brand: model.brand,
					serialNumber: data.serialNumber,
					serialKey: key,
					siteId: data.siteId,
					status: data.status,
					installDate: data.installDate ?? null,
					warrantyEnd: data.warrantyEnd ?? null,
					attributes,
					notes: data.notes ?? null
				}
			]);
			await queries.insertMeters(tx, model.meterTypes.map((meterType) => ({ id: uuidv7(), equipmentId: id, meterType })));
			await queries.insertHistory(tx, [{ id: uuidv7(), equipmentId: id, siteId: data.siteId, fromAt: installedAt(data.installDate ?? null, now), movedBy: actor.id, reason: null }]);
			await audit({ action: 'equipment.create', actorUserId: actor.id, subject: id, ip, details: { serial: data.serialNumber, brand: model.brand, siteId: data.siteId } }, tx);
		});
	} catch (error) {
		if (isUniqueViolation(error, 'equipment_brand_serial_key_uq')) throw new ConflictError('serialNumber', 'a unit of this brand with this serial number already exists');
		throw error;
	}
	return getUnit(actor, id);
}

/** A unit installed on a past day has stood at its site since then; a planned one, from now. */
export function installedAt(installDate: string | null, now: Date): Date {
	if (!installDate) return now;
	const start = startOfDay(installDate);
	return start < now ? start : now;
}

export async function getUnit(actor: Actor, id: string): Promise<UnitDetail> {
	authorize(actor, 'equipment.read');
	requireUuid(id, 'unit');
	const [summary, row, unitMeters] = await Promise.all([
		queries.findUnitSummary(db(), id),
		queries.findUnitById(db(), id),
		queries.listMetersOfUnit(db(), id)
	]);
	if (!summary || !row) throw new NotFoundError('unit not found');
	return { ...summary, meters: unitMeters, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

/**
 * The fastest path of the app: the typed serial, normalised as it is stored, matched exactly.
 * Serials are unique per brand, so two brands may share one: then `brand` picks the unit.
 */
export async function findUnitBySerial(actor: Actor, serial: string, brand?: string | null): Promise<UnitSummary> {
	authorize(actor, 'equipment.read');
	const key = serialKey(serial ?? '');
	if (!key || key.length > 64) throw new NotFoundError('no unit with this serial number');
	const units = await queries.findUnitsBySerialKey(db(), key, brand?.trim() || undefined);
	if (units.length === 0) throw new NotFoundError('no unit with this serial number');
	if (units.length > 1) {
		throw new ConflictError('brand', `${units.length} units of different brands have this serial number (${units.map((u) => u.brand).join(', ')}): say which brand`);
	}
	return units[0];
}

/** Every unit with this serial (any brand): what the "find serial" box jumps to. */
export async function findUnitsBySerial(actor: Actor, serial: string): Promise<UnitSummary[]> {
	authorize(actor, 'equipment.read');
	const key = serialKey(serial ?? '');
	if (!key || key.length > 64) return [];
	return queries.findUnitsBySerialKey(db(), key);
}

/**
 * Where the "find serial" box goes: straight to the unit on an exact match, to the list when
 * several brands share the serial or the text is the start of some serials, else nowhere.
 */
export async function findSerialTarget(actor: Actor, serial: string): Promise<{ unitId: string } | { listSerial: string } | null> {
	authorize(actor, 'equipment.read');
	const key = serialKey(serial ?? '');
	if (!key || key.length > 64) return null;
	const exact = await queries.findUnitsBySerialKey(db(), key);
	if (exact.length === 1) return { unitId: exact[0].id };
	if (exact.length > 1 || (await queries.listUnits(db(), { serial: key }, { limit: 1, offset: 0 })).length > 0) return { listSerial: key };
	return null;
}

export async function listUnits(actor: Actor, filter: ListFilter, page: PageRequest): Promise<Page<UnitSummary>> {
	authorize(actor, 'equipment.read');
	const { items, total } = await queries.listUnitsPage(db(), filter, { limit: page.pageSize, offset: page.offset });
	return pageOf(items, total, page);
}

/** The filtered list without pages, for the CSV export. */
export async function listUnitsForExport(actor: Actor, filter: ListFilter): Promise<UnitSummary[]> {
	authorize(actor, 'equipment.read');
	return queries.listUnits(db(), filter, { limit: EXPORT_LIMIT, offset: 0 });
}

export async function listAreas(actor: Actor) {
	authorize(actor, 'equipment.read');
	return queries.listSiteAreas(db());
}

export async function customerNameForFilter(actor: Actor, customerId: string): Promise<string | null> {
	authorize(actor, 'equipment.read');
	return queries.findCustomerName(db(), customerId);
}

export async function searchSitesForUnits(actor: Actor, q: string) {
	authorize(actor, 'equipment.read');
	const text = (q ?? '').trim().slice(0, 100);
	if (text.length < 2) return [];
	return queries.searchSites(db(), text);
}

export async function getSiteForUnits(actor: Actor, siteId: string) {
	authorize(actor, 'equipment.read');
	requireUuid(siteId, 'site');
	const site = await queries.findSiteSummary(db(), siteId);
	if (!site) throw new NotFoundError('site not found');
	return site;
}

/**
 * Edits a unit (not its site: a move keeps history). A new model may bring a new brand and
 * category: the serial is checked again for the brand and the attributes for the category.
 * A status change is audited as such, with the old and new status.
 */
export async function updateUnit(actor: Actor, id: string, input: unknown, ip: string | null = null): Promise<UnitDetail> {
	authorize(actor, 'equipment.write');
	requireUuid(id, 'unit');
	const data = parse(updateUnitInput, input);
	try {
		await db().transaction(async (tx) => {
			const existing = await queries.findUnitById(tx, id, true);
			if (!existing) throw new NotFoundError('unit not found');
			const model = data.modelId && data.modelId !== existing.modelId ? await findModelById(tx, data.modelId) : await findModelById(tx, existing.modelId);
			if (!model) throw new ValidationError('modelId', 'unknown model');
			const previousModel = model.id === existing.modelId ? model : await findModelById(tx, existing.modelId);
			const installDate = data.installDate !== undefined ? data.installDate : existing.installDate;
			const warrantyEnd = data.warrantyEnd !== undefined ? data.warrantyEnd : existing.warrantyEnd;
			checkWarranty(installDate, warrantyEnd);
			const categoryChanged = previousModel?.category !== model.category;
			const attributes =
				data.attributes !== undefined || categoryChanged ? await validUnitAttributes(tx, model, data.attributes !== undefined ? data.attributes : existing.attributes) : undefined;
			const serialNumber = data.serialNumber ?? existing.serialNumber;
			const key = serialKey(serialNumber);
			if (key !== existing.serialKey || model.brand !== existing.brand) {
				const clash = await queries.findUnitByBrandSerialKey(tx, model.brand, key);
				if (clash && clash.id !== id) throw serialConflict(model.brand);
			}
			await queries.updateUnit(tx, id, {
				serialNumber: data.serialNumber,
				serialKey: data.serialNumber !== undefined ? key : undefined,
				modelId: model.id !== existing.modelId ? model.id : undefined,
				brand: model.brand !== existing.brand ? model.brand : undefined,
				status: data.status,
				installDate: data.installDate,
				warrantyEnd: data.warrantyEnd,
				attributes,
				notes: data.notes
			});
			if (model.id !== existing.modelId) {
				// Meters of the old model stay with their readings; the new model's missing ones are added.
				await queries.insertMeters(tx, model.meterTypes.map((meterType) => ({ id: uuidv7(), equipmentId: id, meterType })));
			}
			if (data.status && data.status !== existing.status) {
				await audit({ action: 'equipment.status', actorUserId: actor.id, subject: id, ip, details: { from: existing.status, to: data.status } }, tx);
			}
			const { status: _status, ...rest } = data;
			if (Object.values(rest).some((v) => v !== undefined)) {
				await audit({ action: 'equipment.update', actorUserId: actor.id, subject: id, ip, details: { ...rest } }, tx);
			}
		});
	} catch (error) {
		if (isUniqueViolation(error, 'equipment_brand_serial_key_uq')) throw new ConflictError('serialNumber', 'a unit of this brand with this serial number already exists');
		throw error;
	}
	return getUnit(actor, id);
}

/**
 * Moves a unit to another site: the open history row closes at `at` and a new one opens, so
 * where it stood and when is never lost. Units created outside this service (old imports)
 * may lack the open row; it is rebuilt from their install date first.
 */
export async function moveUnit(actor: Actor, id: string, input: unknown, ip: string | null = null): Promise<UnitDetail> {
	authorize(actor, 'equipment.write');
	requireUuid(id, 'unit');
	const data = parse(moveUnitInput, input);
	const now = new Date();
	const at = data.at ? new Date(data.at) : now;
	if (at.getTime() > now.getTime() + 60_000) throw new ValidationError('at', 'a move cannot be in the future');
	await db().transaction(async (tx) => {
		const unit = await queries.findUnitById(tx, id, true);
		if (!unit) throw new NotFoundError('unit not found');
		if (unit.siteId === data.siteId) throw new ValidationError('siteId', 'the unit is already at this site');
		await activeSite(tx, data.siteId);
		let open = await queries.findOpenHistory(tx, id);
		if (!open) {
			open = { id: uuidv7(), equipmentId: id, siteId: unit.siteId, fromAt: installedAt(unit.installDate, unit.createdAt), toAt: null, reason: null, movedBy: null };
			await queries.insertHistory(tx, [open]);
		}
		if (at < open.fromAt) throw new ValidationError('at', 'the unit was moved to its current site after this time');
		await queries.closeHistory(tx, open.id, at);
		await queries.insertHistory(tx, [{ id: uuidv7(), equipmentId: id, siteId: data.siteId, fromAt: at, reason: data.reason, movedBy: actor.id }]);
		await queries.updateUnit(tx, id, { siteId: data.siteId });
		await audit({ action: 'equipment.move', actorUserId: actor.id, subject: id, ip, details: { from: unit.siteId, to: data.siteId, reason: data.reason, at: at.toISOString() } }, tx);
	});
	return getUnit(actor, id);
}
