/** Inserts of the demo installed base: every one ON CONFLICT DO NOTHING, chunked, inside the seed's transaction. */
import { count, eq, inArray, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client';
import {
	attributeDefinitions,
	businessCalendars,
	contractEquipment,
	contractTerms,
	contracts,
	equipment,
	equipmentModels,
	equipmentSiteHistory,
	meterReadings,
	meterTermTiers,
	meterTerms,
	meters,
	sites,
	slaLevels,
	slaTargets
} from '../db/schema';
import { bulkInsert, chunks } from './seed.queries';

export type NewAttributeDefinition = typeof attributeDefinitions.$inferInsert;
export type NewEquipmentModel = typeof equipmentModels.$inferInsert;
export type NewEquipment = typeof equipment.$inferInsert;
export type NewSiteHistory = typeof equipmentSiteHistory.$inferInsert;
export type NewMeter = typeof meters.$inferInsert;
export type NewMeterReading = typeof meterReadings.$inferInsert;
export type NewBusinessCalendar = typeof businessCalendars.$inferInsert;
export type NewSlaLevel = typeof slaLevels.$inferInsert;
export type NewSlaTarget = typeof slaTargets.$inferInsert;
export type NewContract = typeof contracts.$inferInsert;
export type NewContractTerm = typeof contractTerms.$inferInsert;
export type NewContractEquipment = typeof contractEquipment.$inferInsert;
export type NewMeterTerm = typeof meterTerms.$inferInsert;
export type NewMeterTermTier = typeof meterTermTiers.$inferInsert;

async function insertAll<T extends PgTable>(db: Db, table: T, rows: T['$inferInsert'][], size = 500): Promise<void> {
	// No conflict target: whichever unique key a row hits (id, serial per brand, number...), it is skipped.
	for (const part of chunks(rows, size)) await db.insert(table).values(part).onConflictDoNothing();
}

/** Which of `ids` exist in `table`: rows that a conflict skipped for someone else's are left out. */
async function existing(db: Db, table: PgTable, ids: string[]): Promise<Set<string>> {
	if (ids.length === 0) return new Set();
	const rows = await db.execute<{ id: string }>(
		sql`select id from ${table} where id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`
	);
	return new Set(rows.map((r) => r.id));
}

export const existingSiteIds = (db: Db, ids: string[]) => existing(db, sites, ids);
export const existingEquipmentIds = (db: Db, ids: string[]) => existing(db, equipment, ids);
export const existingContractIds = (db: Db, ids: string[]) => existing(db, contracts, ids);

export async function insertAttributeDefinitions(db: Db, rows: NewAttributeDefinition[]): Promise<void> {
	await insertAll(db, attributeDefinitions, rows);
}

export async function insertEquipmentModels(db: Db, rows: NewEquipmentModel[]): Promise<void> {
	await insertAll(db, equipmentModels, rows);
}

/** Model ids by "brand|model", whoever created them. */
export async function modelIdsByKey(db: Db): Promise<Map<string, string>> {
	const rows = await db.select({ id: equipmentModels.id, brand: equipmentModels.brand, model: equipmentModels.model }).from(equipmentModels);
	return new Map(rows.map((r) => [`${r.brand}|${r.model}`, r.id]));
}

export async function insertBusinessCalendars(db: Db, rows: NewBusinessCalendar[]): Promise<void> {
	await insertAll(db, businessCalendars, rows);
}

export async function calendarIdsByName(db: Db, names: string[]): Promise<Map<string, string>> {
	const rows = await db.select({ id: businessCalendars.id, name: businessCalendars.name }).from(businessCalendars).where(inArray(businessCalendars.name, names));
	return new Map(rows.map((r) => [r.name, r.id]));
}

export async function hasDefaultSlaLevel(db: Db): Promise<boolean> {
	const [row] = await db.select({ n: count() }).from(slaLevels).where(eq(slaLevels.isDefault, true));
	return row.n > 0;
}

export async function insertSlaLevels(db: Db, rows: NewSlaLevel[]): Promise<void> {
	await insertAll(db, slaLevels, rows);
}

export async function slaLevelIdsByCode(db: Db, codes: string[]): Promise<Map<string, string>> {
	const rows = await db.select({ id: slaLevels.id, code: slaLevels.code }).from(slaLevels).where(inArray(slaLevels.code, codes));
	return new Map(rows.map((r) => [r.code, r.id]));
}

export async function insertSlaTargets(db: Db, rows: NewSlaTarget[]): Promise<void> {
	await insertAll(db, slaTargets, rows);
}

export async function insertEquipment(db: Db, rows: NewEquipment[]): Promise<void> {
	await bulkInsert(db, equipment, [
		['id', 'id', 'uuid'],
		['modelId', 'model_id', 'uuid'],
		['brand', 'brand', 'text'],
		['serialNumber', 'serial_number', 'text'],
		['serialKey', 'serial_key', 'text'],
		['siteId', 'site_id', 'uuid'],
		['status', 'status', 'equipment_status'],
		['installDate', 'install_date', 'date'],
		['warrantyEnd', 'warranty_end', 'date'],
		['attributes', 'attributes', 'jsonb'],
		['notes', 'notes', 'text']
	], rows);
}

export async function insertSiteHistory(db: Db, rows: NewSiteHistory[]): Promise<void> {
	await bulkInsert(db, equipmentSiteHistory, [
		['id', 'id', 'uuid'],
		['equipmentId', 'equipment_id', 'uuid'],
		['siteId', 'site_id', 'uuid'],
		['fromAt', 'from_at', 'timestamptz'],
		['toAt', 'to_at', 'timestamptz'],
		['reason', 'reason', 'text'],
		['movedBy', 'moved_by', 'uuid']
	], rows);
}

export async function insertMeters(db: Db, rows: NewMeter[]): Promise<void> {
	await bulkInsert(db, meters, [
		['id', 'id', 'uuid'],
		['equipmentId', 'equipment_id', 'uuid'],
		['meterType', 'meter_type', 'text'],
		['maxValue', 'max_value', 'bigint']
	], rows);
}

export async function insertMeterReadings(db: Db, rows: NewMeterReading[]): Promise<void> {
	await bulkInsert(db, meterReadings, [
		['id', 'id', 'uuid'],
		['meterId', 'meter_id', 'uuid'],
		['value', 'value', 'bigint'],
		['readAt', 'read_at', 'timestamptz'],
		['source', 'source', 'reading_source'],
		['kind', 'kind', 'reading_kind'],
		['previousMeterFinalValue', 'previous_meter_final_value', 'bigint'],
		['validForBilling', 'valid_for_billing', 'boolean'],
		['status', 'status', 'reading_status'],
		['reviewReason', 'review_reason', 'text'],
		['reason', 'reason', 'text'],
		['enteredBy', 'entered_by', 'uuid']
	], rows);
}

export async function insertContracts(db: Db, rows: NewContract[]): Promise<void> {
	await bulkInsert(db, contracts, [
		['id', 'id', 'uuid'],
		['number', 'number', 'text'],
		['customerId', 'customer_id', 'uuid'],
		['status', 'status', 'contract_status'],
		['periodicity', 'periodicity', 'periodicity'],
		['billingTiming', 'billing_timing', 'billing_timing'],
		['feePerPeriodCents', 'fee_per_period_cents', 'bigint'],
		['slaLevelId', 'sla_level_id', 'uuid'],
		['autoRenew', 'auto_renew', 'boolean'],
		['renewalTermMonths', 'renewal_term_months', 'integer'],
		['noticeDays', 'notice_days', 'integer'],
		['notes', 'notes', 'text'],
		['createdBy', 'created_by', 'uuid']
	], rows);
}

export async function insertContractTerms(db: Db, rows: NewContractTerm[]): Promise<void> {
	await bulkInsert(db, contractTerms, [
		['id', 'id', 'uuid'],
		['contractId', 'contract_id', 'uuid'],
		['termNo', 'term_no', 'integer'],
		['startsOn', 'starts_on', 'date'],
		['endsOn', 'ends_on', 'date'],
		['renewedAutomatically', 'renewed_automatically', 'boolean']
	], rows);
}

export async function insertContractEquipment(db: Db, rows: NewContractEquipment[]): Promise<void> {
	await bulkInsert(db, contractEquipment, [
		['id', 'id', 'uuid'],
		['contractId', 'contract_id', 'uuid'],
		['equipmentId', 'equipment_id', 'uuid'],
		['fromDate', 'from_date', 'date'],
		['toDate', 'to_date', 'date']
	], rows);
}

export async function insertMeterTerms(db: Db, rows: NewMeterTerm[]): Promise<void> {
	await bulkInsert(db, meterTerms, [
		['id', 'id', 'uuid'],
		['contractId', 'contract_id', 'uuid'],
		['meterType', 'meter_type', 'text'],
		['includedPerPeriod', 'included_per_period', 'bigint'],
		['pooling', 'pooling', 'meter_pooling'],
		['tierMode', 'tier_mode', 'tier_mode'],
		['minimumChargeCents', 'minimum_charge_cents', 'bigint'],
		['unitPrice', 'unit_price', 'numeric']
	], rows);
}

export async function insertMeterTermTiers(db: Db, rows: NewMeterTermTier[]): Promise<void> {
	await bulkInsert(db, meterTermTiers, [
		['id', 'id', 'uuid'],
		['meterTermId', 'meter_term_id', 'uuid'],
		['fromUnits', 'from_units', 'bigint'],
		['unitPrice', 'unit_price', 'numeric']
	], rows);
}

export type InstalledBaseCounts = {
	equipmentModels: number;
	equipment: number;
	equipmentSiteHistory: number;
	meters: number;
	meterReadings: number;
	contracts: number;
	contractTerms: number;
	contractEquipment: number;
	meterTerms: number;
	meterTermTiers: number;
	slaLevels: number;
	slaTargets: number;
	businessCalendars: number;
	attributeDefinitions: number;
};

export async function countInstalledBase(db: Db): Promise<InstalledBaseCounts> {
	const [row] = await db.execute<{ [K in keyof InstalledBaseCounts]: number }>(sql`
		select
			(select count(*) from ${equipmentModels})::int as "equipmentModels",
			(select count(*) from ${equipment})::int as "equipment",
			(select count(*) from ${equipmentSiteHistory})::int as "equipmentSiteHistory",
			(select count(*) from ${meters})::int as "meters",
			(select count(*) from ${meterReadings})::int as "meterReadings",
			(select count(*) from ${contracts})::int as "contracts",
			(select count(*) from ${contractTerms})::int as "contractTerms",
			(select count(*) from ${contractEquipment})::int as "contractEquipment",
			(select count(*) from ${meterTerms})::int as "meterTerms",
			(select count(*) from ${meterTermTiers})::int as "meterTermTiers",
			(select count(*) from ${slaLevels})::int as "slaLevels",
			(select count(*) from ${slaTargets})::int as "slaTargets",
			(select count(*) from ${businessCalendars})::int as "businessCalendars",
			(select count(*) from ${attributeDefinitions})::int as "attributeDefinitions"
	`);
	return { ...row };
}
