import { and, asc, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { contractEquipment, contracts, equipment, equipmentModels, sites } from '../db/schema';

export type CoverageRow = typeof contractEquipment.$inferSelect;

/** Serialises coverage changes of one unit until commit, so two contracts cannot claim it at once. */
export async function lockUnitCoverage(db: Db, equipmentId: string): Promise<void> {
	await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`quadro:coverage:${equipmentId}`}))`);
}

export async function findUnit(db: Db, id: string) {
	const rows = await db
		.select({
			id: equipment.id,
			brand: equipment.brand,
			serialNumber: equipment.serialNumber,
			model: equipmentModels.model,
			siteId: equipment.siteId,
			customerId: sites.customerId
		})
		.from(equipment)
		.innerJoin(equipmentModels, eq(equipmentModels.id, equipment.modelId))
		.innerJoin(sites, eq(sites.id, equipment.siteId))
		.where(eq(equipment.id, id))
		.limit(1);
	return rows[0] ?? null;
}

/** Units whose serial starts with the typed key (the prefix index), with their customer. */
export async function searchUnitsBySerial(db: Db, keyPrefix: string, limit = 10) {
	const pattern = `${keyPrefix.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
	return db
		.select({
			id: equipment.id,
			brand: equipment.brand,
			serialNumber: equipment.serialNumber,
			model: equipmentModels.model,
			siteName: sites.name,
			customerId: sites.customerId
		})
		.from(equipment)
		.innerJoin(equipmentModels, eq(equipmentModels.id, equipment.modelId))
		.innerJoin(sites, eq(sites.id, equipment.siteId))
		.where(sql`${equipment.serialKey} like ${pattern}`)
		.orderBy(asc(equipment.serialKey), asc(equipment.brand))
		.limit(limit);
}

export async function unitsBySerialKey(db: Db, key: string, brand?: string) {
	return db
		.select({ id: equipment.id, brand: equipment.brand })
		.from(equipment)
		.where(and(eq(equipment.serialKey, key), brand ? sql`lower(${equipment.brand}) = lower(${brand})` : undefined))
		.limit(2);
}

/**
 * Coverage rows of a unit in contracts still alive (draft, active, suspended) whose dates share
 * a day with [from, to] (null to = open-ended). Expired and terminated contracts free the unit.
 */
export async function overlappingCoverage(db: Db, equipmentId: string, from: string, to: string | null, excludeCoverageId?: string) {
	return db
		.select({
			coverageId: contractEquipment.id,
			contractId: contracts.id,
			number: contracts.number,
			status: contracts.status,
			fromDate: contractEquipment.fromDate,
			toDate: contractEquipment.toDate
		})
		.from(contractEquipment)
		.innerJoin(contracts, eq(contracts.id, contractEquipment.contractId))
		.where(
			and(
				eq(contractEquipment.equipmentId, equipmentId),
				sql`${contracts.status} in ('draft', 'active', 'suspended')`,
				excludeCoverageId ? ne(contractEquipment.id, excludeCoverageId) : undefined,
				to === null ? undefined : sql`${contractEquipment.fromDate} <= ${to}`,
				sql`(${contractEquipment.toDate} is null or ${contractEquipment.toDate} >= ${from})`
			)
		)
		.orderBy(asc(contractEquipment.fromDate))
		.limit(1);
}

export async function insertCoverage(db: Db, row: typeof contractEquipment.$inferInsert): Promise<void> {
	await db.insert(contractEquipment).values(row);
}

export async function setCoverageEnd(db: Db, id: string, toDate: string): Promise<void> {
	await db.update(contractEquipment).set({ toDate }).where(eq(contractEquipment.id, id));
}

export async function deleteCoverage(db: Db, id: string): Promise<void> {
	await db.delete(contractEquipment).where(eq(contractEquipment.id, id));
}

export async function findCoverage(db: Db, contractId: string, coverageId: string): Promise<CoverageRow | null> {
	const rows = await db
		.select()
		.from(contractEquipment)
		.where(and(eq(contractEquipment.contractId, contractId), eq(contractEquipment.id, coverageId)))
		.limit(1);
	return rows[0] ?? null;
}

/** The unit's open-ended row in this contract, else its latest one. */
export async function findCoverageOfUnit(db: Db, contractId: string, equipmentId: string): Promise<CoverageRow | null> {
	const rows = await db
		.select()
		.from(contractEquipment)
		.where(and(eq(contractEquipment.contractId, contractId), eq(contractEquipment.equipmentId, equipmentId)))
		.orderBy(sql`${contractEquipment.toDate} is null desc`, desc(contractEquipment.fromDate))
		.limit(1);
	return rows[0] ?? null;
}

export async function listCoverage(db: Db, contractId: string) {
	return db
		.select({
			id: contractEquipment.id,
			equipmentId: equipment.id,
			brand: equipment.brand,
			model: equipmentModels.model,
			serialNumber: equipment.serialNumber,
			siteName: sites.name,
			fromDate: contractEquipment.fromDate,
			toDate: contractEquipment.toDate
		})
		.from(contractEquipment)
		.innerJoin(equipment, eq(equipment.id, contractEquipment.equipmentId))
		.innerJoin(equipmentModels, eq(equipmentModels.id, equipment.modelId))
		.innerJoin(sites, eq(sites.id, equipment.siteId))
		.where(eq(contractEquipment.contractId, contractId))
		.orderBy(sql`${contractEquipment.toDate} is null desc`, desc(contractEquipment.fromDate), asc(equipment.serialKey));
}

export async function hasOpenCoverage(db: Db, contractId: string): Promise<boolean> {
	const rows = await db
		.select({ id: contractEquipment.id })
		.from(contractEquipment)
		.where(and(eq(contractEquipment.contractId, contractId), isNull(contractEquipment.toDate)))
		.limit(1);
	return rows.length > 0;
}

export type CoverageAnswerRow = {
	equipmentId: string;
	serialNumber: string;
	brand: string;
	model: string;
	installDate: string | null;
	warrantyEnd: string | null;
	contractId: string | null;
	contractNumber: string | null;
	contractStatus: string | null;
	termStartsOn: string | null;
	termEndsOn: string | null;
	slaLevelId: string | null;
	slaLevelCode: string | null;
	slaLevelName: string | null;
};

/**
 * The coverage question in one statement: the unit by serial key (brand when several share it),
 * and the active contract whose coverage row and term both contain `day`. At most two rows so
 * the caller can tell an ambiguous serial from a single unit.
 */
export async function coverageOnDay(db: Db, key: string, day: string, brand?: string): Promise<CoverageAnswerRow[]> {
	const rows = await db.execute<CoverageAnswerRow>(sql`
		select e.id as "equipmentId", e.serial_number as "serialNumber", e.brand, m.model,
			e.install_date::text as "installDate", e.warranty_end::text as "warrantyEnd",
			cov.contract_id as "contractId", cov.number as "contractNumber", cov.status::text as "contractStatus",
			cov.starts_on::text as "termStartsOn", cov.ends_on::text as "termEndsOn",
			cov.sla_level_id as "slaLevelId", cov.sla_code as "slaLevelCode", cov.sla_name as "slaLevelName"
		from equipment e
		join equipment_models m on m.id = e.model_id
		left join lateral (
			select c.id as contract_id, c.number, c.status, t.starts_on, t.ends_on, s.id as sla_level_id, s.code as sla_code, s.name as sla_name
			from contract_equipment ce
			join contracts c on c.id = ce.contract_id and c.status = 'active'
			join contract_terms t on t.contract_id = c.id and t.starts_on <= ${day}::date and t.ends_on >= ${day}::date
			join sla_levels s on s.id = c.sla_level_id
			where ce.equipment_id = e.id and ce.from_date <= ${day}::date and (ce.to_date is null or ce.to_date >= ${day}::date)
			order by ce.from_date desc
			limit 1
		) cov on true
		where e.serial_key = ${key} ${brand ? sql`and lower(e.brand) = lower(${brand})` : sql``}
		order by e.brand
		limit 2
	`);
	return [...rows];
}
