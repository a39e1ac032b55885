import { dayAt, dayOfMoment } from '$lib/domain/contract-terms';
import { isValidSerial, serialKey } from '$lib/domain/serial';
import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { db, type Db } from '../db/client';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { uuidv7 } from '../ids';
import * as contractQueries from './contracts.queries';
import { addCoverageInput, parse, removeCoverageInput, requireId } from './contracts.schemas';
import { companyToday } from './contracts.service';
import * as queries from './coverage.queries';

/** A unit already covered by another (or the same) live contract on overlapping dates. */
export class CoverageConflictError extends ConflictError {
	constructor(
		readonly contract: { id: string; number: string; status: string; fromDate: string; toDate: string | null },
		field = 'equipmentId'
	) {
		super(field, `the unit is already covered by contract ${contract.number} from ${contract.fromDate}${contract.toDate ? ` to ${contract.toDate}` : ''}`);
	}
}

export type CoverageAnswer = {
	serial: string;
	at: string;
	day: string;
	equipment: { id: string; brand: string; model: string } | null;
	covered: boolean;
	contract: { id: string; number: string; status: string } | null;
	term: { startsOn: string; endsOn: string } | null;
	slaLevel: { id: string; code: string; name: string } | null;
	warranty: { active: boolean; endsOn: string | null };
};

/**
 * Is this serial covered at this moment, by which contract, under which SLA, and is its warranty
 * active? `at` is an instant (or a date) judged on the company's calendar day; default now.
 */
export async function coverage(actor: Actor, params: CoverageQuery, now: Date = new Date()): Promise<CoverageAnswer> {
	authorize(actor, 'contracts.read');
	return coverageOf(params, now);
}

export type CoverageQuery = { serial?: string | null; at?: string | null; brand?: string | null };

/** The coverage answer without an actor: for services that already authorized (or system actions). */
export async function coverageOf(params: CoverageQuery, now: Date = new Date()): Promise<CoverageAnswer> {
	const serial = (params.serial ?? '').trim();
	if (!serial || !isValidSerial(serial)) throw new ValidationError('serial', 'a serial number is required (letters and digits)');
	let day: string;
	let at: string;
	if (params.at === undefined || params.at === null || params.at === '') {
		day = dayAt(now);
		at = now.toISOString();
	} else {
		const parsed = dayOfMoment(params.at);
		if (!parsed) throw new ValidationError('at', 'must be an ISO date-time (2026-03-01T10:00:00Z) or a date');
		day = parsed;
		at = params.at;
	}
	const brand = params.brand?.trim() || undefined;
	const rows = await queries.coverageOnDay(db(), serialKey(serial), day, brand);
	if (rows.length === 0) throw new NotFoundError('no unit with this serial');
	if (rows.length > 1) throw new ValidationError('brand', `units of several brands have this serial (${rows.map((r) => r.brand).join(', ')}): give brand`);
	const r = rows[0];
	const warrantyActive = r.warrantyEnd !== null && day <= r.warrantyEnd && (r.installDate === null || day >= r.installDate);
	return {
		serial: r.serialNumber,
		at,
		day,
		equipment: { id: r.equipmentId, brand: r.brand, model: r.model },
		covered: r.contractId !== null,
		contract: r.contractId ? { id: r.contractId, number: r.contractNumber!, status: r.contractStatus! } : null,
		term: r.termStartsOn ? { startsOn: r.termStartsOn, endsOn: r.termEndsOn! } : null,
		slaLevel: r.slaLevelId ? { id: r.slaLevelId, code: r.slaLevelCode!, name: r.slaLevelName! } : null,
		warranty: { active: warrantyActive, endsOn: r.warrantyEnd }
	};
}

export async function listCoveredEquipment(actor: Actor, contractId: string) {
	authorize(actor, 'contracts.read');
	const id = requireId(contractId);
	if (!(await contractQueries.findContract(db(), id))) throw new NotFoundError('contract not found');
	const today = companyToday();
	const rows = await queries.listCoverage(db(), id);
	return rows.map((e) => ({ ...e, activeToday: e.fromDate <= today && (e.toDate === null || e.toDate >= today) }));
}

async function resolveUnit(database: Db, input: { equipmentId?: string; serial?: string; brand?: string }) {
	if (input.equipmentId) {
		const unit = await queries.findUnit(database, input.equipmentId);
		if (!unit) throw new ValidationError('equipmentId', 'unknown unit');
		return unit;
	}
	const found = await queries.unitsBySerialKey(database, serialKey(input.serial!), input.brand);
	if (found.length === 0) throw new ValidationError('serial', 'no unit with this serial');
	if (found.length > 1) throw new ValidationError('brand', 'units of several brands have this serial: give brand');
	return (await queries.findUnit(database, found[0].id))!;
}

const LIVE = ['draft', 'active', 'suspended'];

/** Covers a unit from `fromDate` (to `toDate`, inclusive, or open-ended). */
export async function addCoveredEquipment(actor: Actor, contractId: string, input: unknown, ip: string | null = null) {
	authorize(actor, 'contracts.write');
	const id = requireId(contractId);
	const data = parse(addCoverageInput, input);
	if (data.toDate && data.toDate < data.fromDate) throw new ValidationError('toDate', 'must not be before fromDate');
	const coverageId = uuidv7();
	return db().transaction(async (tx) => {
		const contract = await contractQueries.lockContract(tx, id);
		if (!contract) throw new NotFoundError('contract not found');
		if (!LIVE.includes(contract.status)) throw new ConflictError('status', `a ${contract.status} contract cannot cover units`);
		const unit = await resolveUnit(tx, data);
		if (unit.customerId !== contract.customerId) throw new ValidationError('equipmentId', "the unit stands at another customer's site");
		const first = (await contractQueries.findTerm(tx, id, 1))!;
		if (data.fromDate < first.startsOn) throw new ValidationError('fromDate', `the contract starts on ${first.startsOn}`);
		await queries.lockUnitCoverage(tx, unit.id);
		const [clash] = await queries.overlappingCoverage(tx, unit.id, data.fromDate, data.toDate);
		if (clash) throw new CoverageConflictError({ id: clash.contractId, number: clash.number, status: clash.status, fromDate: clash.fromDate, toDate: clash.toDate });
		await queries.insertCoverage(tx, { id: coverageId, contractId: id, equipmentId: unit.id, fromDate: data.fromDate, toDate: data.toDate });
		await audit(
			{ action: 'contract.equipment.add', actorUserId: actor.id, subject: id, ip, details: { coverageId, equipmentId: unit.id, serial: unit.serialNumber, fromDate: data.fromDate, toDate: data.toDate } },
			tx
		);
		return { id: coverageId, equipmentId: unit.id, brand: unit.brand, model: unit.model, serialNumber: unit.serialNumber, fromDate: data.fromDate, toDate: data.toDate };
	});
}

/**
 * Ends a unit's coverage on `toDate` (inclusive; default today). A row that never took effect
 * (its fromDate is after the end) is removed outright, since it holds no history.
 */
export async function removeCoveredEquipment(actor: Actor, contractId: string, input: unknown, ip: string | null = null) {
	authorize(actor, 'contracts.write');
	const id = requireId(contractId);
	const data = parse(removeCoverageInput, input);
	const today = companyToday();
	return db().transaction(async (tx) => {
		const contract = await contractQueries.lockContract(tx, id);
		if (!contract) throw new NotFoundError('contract not found');
		const row = data.coverageId ? await queries.findCoverage(tx, id, data.coverageId) : await queries.findCoverageOfUnit(tx, id, data.equipmentId!);
		if (!row) throw new NotFoundError('the unit is not covered by this contract');
		await queries.lockUnitCoverage(tx, row.equipmentId);
		const toDate = data.toDate ?? today;
		if (row.toDate !== null && toDate > row.toDate) throw new ValidationError('toDate', `the coverage already ends on ${row.toDate}`);
		if (toDate < row.fromDate) {
			if (data.toDate !== undefined) throw new ValidationError('toDate', `must not be before ${row.fromDate}, when the coverage starts`);
			await queries.deleteCoverage(tx, row.id);
		} else {
			await queries.setCoverageEnd(tx, row.id, toDate);
		}
		const removed = toDate < row.fromDate;
		await audit(
			{ action: 'contract.equipment.remove', actorUserId: actor.id, subject: id, ip, details: { coverageId: row.id, equipmentId: row.equipmentId, fromDate: row.fromDate, toDate: removed ? null : toDate, deleted: removed } },
			tx
		);
		return { id: row.id, equipmentId: row.equipmentId, fromDate: row.fromDate, toDate: removed ? null : toDate, deleted: removed };
	});
}

/** Units for the "add by serial" search on the contract page. */
export async function searchUnits(actor: Actor, serial: string) {
	authorize(actor, 'contracts.read');
	const key = serialKey(serial);
	if (key.length < 2) return [];
	if (key.length > 64) throw new ValidationError('serial', 'at most 64 characters');
	return queries.searchUnitsBySerial(db(), key);
}
