import { addDays, dayAt, nextContractNumber, noticeDeadline, termEnd, termOn } from '$lib/domain/contract-terms';
import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { toCsv } from '../csv';
import { db, type Db } from '../db/client';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { uuidv7 } from '../ids';
import { pageOf, pageRequest } from '../pagination';
import * as queries from './contracts.queries';
import { createContractInput, listFilterInput, parse, reasonInput, requireId, updateContractInput } from './contracts.schemas';
import { listCoverage } from './coverage.queries';
import { knownMeterTypes, listMeterTerms, replaceMeterTerms, type MeterTermInput } from './meter-terms.queries';

/** Today on the company's calendar (Europe/Rome). */
export function companyToday(now: Date = new Date()): string {
	return dayAt(now);
}

/** Unknown meter types are a 400 on the offending term. */
export async function checkMeterTypes(database: Db, terms: readonly MeterTermInput[], prefix = 'meterTerms'): Promise<void> {
	const known = await knownMeterTypes(database, [...new Set(terms.map((t) => t.meterType))]);
	const bad = terms.findIndex((t) => !known.has(t.meterType));
	if (bad >= 0) throw new ValidationError(`${prefix}.${bad}.meterType`, 'unknown meter type');
}

export async function createContract(actor: Actor, input: unknown, ip: string | null = null): Promise<{ id: string; number: string }> {
	authorize(actor, 'contracts.write');
	const data = parse(createContractInput, input);
	const id = uuidv7();
	const today = companyToday();
	const year = Number(today.slice(0, 4));
	const number = await db().transaction(async (tx) => {
		if (!(await queries.customerExists(tx, data.customerId))) throw new ValidationError('customerId', 'unknown customer');
		if (!(await queries.slaLevelExists(tx, data.slaLevelId))) throw new ValidationError('slaLevelId', 'unknown SLA level');
		await checkMeterTypes(tx, data.meterTerms);
		// Numbering last, just before the insert: the lock is held for the shortest time.
		await queries.lockContractNumbering(tx, year);
		const number = nextContractNumber(year, await queries.lastContractNumber(tx, year));
		await queries.insertContract(tx, {
			id,
			number,
			customerId: data.customerId,
			status: 'draft',
			periodicity: data.periodicity,
			billingTiming: data.billingTiming,
			feePerPeriodCents: data.feePerPeriodCents,
			slaLevelId: data.slaLevelId,
			autoRenew: data.autoRenew,
			renewalTermMonths: data.renewalTermMonths,
			noticeDays: data.noticeDays,
			notes: data.notes,
			createdBy: actor.id
		});
		await queries.insertTerm(tx, { id: uuidv7(), contractId: id, termNo: 1, startsOn: data.startsOn, endsOn: termEnd(data.startsOn, data.termMonths) });
		if (data.meterTerms.length) await replaceMeterTerms(tx, id, data.meterTerms);
		await audit(
			{
				action: 'contract.create',
				actorUserId: actor.id,
				subject: id,
				ip,
				details: { number, customerId: data.customerId, periodicity: data.periodicity, startsOn: data.startsOn, termMonths: data.termMonths }
			},
			tx
		);
		return number;
	});
	return { id, number };
}

export async function getContract(actor: Actor, contractId: string, today = companyToday()) {
	authorize(actor, 'contracts.read');
	const id = requireId(contractId);
	const database = db();
	const view = await queries.findContractView(database, id);
	if (!view) throw new NotFoundError('contract not found');
	const [terms, equipment, meterTerms] = await Promise.all([queries.listTerms(database, id), listCoverage(database, id), listMeterTerms(database, id)]);
	const last = terms.at(-1)!;
	const current = termOn(terms, today);
	const { contract } = view;
	return {
		id: contract.id,
		number: contract.number,
		status: contract.status,
		periodicity: contract.periodicity,
		billingTiming: contract.billingTiming,
		feePerPeriodCents: contract.feePerPeriodCents,
		autoRenew: contract.autoRenew,
		renewalTermMonths: contract.renewalTermMonths,
		noticeDays: contract.noticeDays,
		notes: contract.notes,
		createdAt: contract.createdAt,
		updatedAt: contract.updatedAt,
		customer: view.customer,
		slaLevel: view.slaLevel,
		startsOn: terms[0].startsOn,
		endsOn: last.endsOn,
		currentTerm: current ? termView(current) : null,
		lastTerm: termView(last),
		noticeDeadline: noticeDeadline(last.endsOn, contract.noticeDays),
		terms: terms.map(termView),
		equipment: equipment.map((e) => ({ ...e, activeToday: e.fromDate <= today && (e.toDate === null || e.toDate >= today) })),
		meterTerms
	};
}

export type ContractView = Awaited<ReturnType<typeof getContract>>;

function termView(t: queries.TermRow) {
	return { termNo: t.termNo, startsOn: t.startsOn, endsOn: t.endsOn, renewedAutomatically: t.renewedAutomatically, createdAt: t.createdAt };
}

export async function updateContract(actor: Actor, contractId: string, input: unknown, ip: string | null = null): Promise<void> {
	authorize(actor, 'contracts.write');
	const id = requireId(contractId);
	const data = parse(updateContractInput, input);
	await db().transaction(async (tx) => {
		const contract = await queries.lockContract(tx, id);
		if (!contract) throw new NotFoundError('contract not found');
		if (contract.status === 'expired' || contract.status === 'terminated') throw new ConflictError('status', `a ${contract.status} contract cannot change`);
		if (data.slaLevelId && !(await queries.slaLevelExists(tx, data.slaLevelId))) throw new ValidationError('slaLevelId', 'unknown SLA level');
		const { startsOn, termMonths, ...fields } = data;
		if (startsOn !== undefined || termMonths !== undefined) {
			// Once a contract has been in force its terms are history: renew instead.
			if (contract.status !== 'draft') throw new ConflictError(startsOn !== undefined ? 'startsOn' : 'termMonths', 'only a draft contract can change its first term');
			const first = (await queries.findTerm(tx, id, 1))!;
			const start = startsOn ?? first.startsOn;
			const monthsNow = termMonths ?? monthsOf(first.startsOn, first.endsOn);
			await queries.updateFirstTerm(tx, id, { startsOn: start, endsOn: termEnd(start, monthsNow) });
		}
		if (Object.keys(fields).length) await queries.updateContract(tx, id, fields);
		await audit({ action: 'contract.update', actorUserId: actor.id, subject: id, ip, details: { ...data } }, tx);
	});
}

/** Whole months of a term made by termEnd (the inverse, for a draft whose start moves). */
function monthsOf(startsOn: string, endsOn: string): number {
	for (let n = 1; n <= 120; n++) if (termEnd(startsOn, n) >= endsOn) return n;
	return 12;
}

type Transition = 'activate' | 'suspend' | 'terminate';
const FROM: Record<Transition, readonly queries.ContractStatus[]> = {
	activate: ['draft', 'suspended'],
	suspend: ['active'],
	terminate: ['draft', 'active', 'suspended']
};
const TO: Record<Transition, queries.ContractStatus> = { activate: 'active', suspend: 'suspended', terminate: 'terminated' };

async function changeStatus(actor: Actor, contractId: string, transition: Transition, reason: string | null, ip: string | null) {
	const id = requireId(contractId);
	const today = companyToday();
	return db().transaction(async (tx) => {
		const contract = await queries.lockContract(tx, id);
		if (!contract) throw new NotFoundError('contract not found');
		if (!FROM[transition].includes(contract.status)) throw new ConflictError('status', `cannot ${transition} a ${contract.status} contract`);
		if (transition === 'activate') {
			const last = (await queries.lastTerm(tx, id))!;
			if (last.endsOn < today) throw new ConflictError('status', `the contract's term ended on ${last.endsOn}: renew it or make a new contract`);
		}
		await queries.updateContract(tx, id, { status: TO[transition] });
		await audit({ action: `contract.${transition}`, actorUserId: actor.id, subject: id, ip, details: { from: contract.status, to: TO[transition], reason } }, tx);
		return { id, status: TO[transition] };
	});
}

export async function activateContract(actor: Actor, contractId: string, ip: string | null = null) {
	authorize(actor, 'contracts.write');
	return changeStatus(actor, contractId, 'activate', null, ip);
}

export async function suspendContract(actor: Actor, contractId: string, input: unknown, ip: string | null = null) {
	authorize(actor, 'contracts.write');
	const { reason } = parse(reasonInput, input);
	return changeStatus(actor, contractId, 'suspend', reason, ip);
}

export async function terminateContract(actor: Actor, contractId: string, input: unknown, ip: string | null = null) {
	authorize(actor, 'contracts.write');
	const { reason } = parse(reasonInput, input);
	return changeStatus(actor, contractId, 'terminate', reason, ip);
}

function listFilter(params: URLSearchParams, today: string): queries.ContractFilter {
	const raw: Record<string, string> = {};
	for (const key of ['q', 'status', 'periodicity', 'customerId', 'expiringWithinDays']) {
		const v = params.get(key);
		if (v !== null && v.trim() !== '') raw[key] = v;
	}
	const f = parse(listFilterInput, raw);
	return {
		q: f.q || undefined,
		status: f.status,
		periodicity: f.periodicity,
		customerId: f.customerId,
		expiring: f.expiringWithinDays === undefined ? undefined : { today, endsBy: addDays(today, f.expiringWithinDays) },
		today
	};
}

function listItem(r: queries.ListedContract) {
	return {
		id: r.id,
		number: r.number,
		status: r.status,
		periodicity: r.periodicity,
		billingTiming: r.billingTiming,
		feePerPeriodCents: r.feePerPeriodCents,
		autoRenew: r.autoRenew,
		customer: { id: r.customerId, code: r.customerCode, businessName: r.customerName },
		slaLevel: { id: r.slaLevelId, code: r.slaLevelCode, name: r.slaLevelName },
		startsOn: r.firstStartsOn,
		endsOn: r.endsOn,
		lastTermNo: r.termNo,
		noticeDeadline: r.endsOn ? noticeDeadline(r.endsOn, r.noticeDays) : null,
		coveredUnits: r.coveredUnits
	};
}

export type ContractListItem = ReturnType<typeof listItem>;

/** ?q=&status=&periodicity=&customerId=&expiringWithinDays=&page=&pageSize= */
export async function listContracts(actor: Actor, params: URLSearchParams, today = companyToday()) {
	authorize(actor, 'contracts.read');
	const filter = listFilter(params, today);
	const page = pageRequest(params);
	const database = db();
	const [rows, total] = await Promise.all([queries.listContracts(database, filter, { limit: page.pageSize, offset: page.offset }), queries.countContracts(database, filter)]);
	return pageOf(rows.map(listItem), total, page);
}

const EXPORT_LIMIT = 50_000;

/** The list as filtered (every page), as Italian Excel CSV. */
export async function exportContractsCsv(actor: Actor, params: URLSearchParams, today = companyToday()): Promise<string> {
	authorize(actor, 'contracts.read');
	const filter = listFilter(params, today);
	const rows = (await queries.listContracts(db(), filter, { limit: EXPORT_LIMIT, offset: 0 })).map(listItem);
	const euro = (c: number) => (c / 100).toFixed(2).replace('.', ',');
	return toCsv(rows, [
		{ header: 'numero', value: (r) => r.number },
		{ header: 'codice_cliente', value: (r) => r.customer.code },
		{ header: 'cliente', value: (r) => r.customer.businessName },
		{ header: 'stato', value: (r) => r.status },
		{ header: 'periodicita', value: (r) => r.periodicity },
		{ header: 'fatturazione', value: (r) => r.billingTiming },
		{ header: 'canone_eur', value: (r) => euro(r.feePerPeriodCents) },
		{ header: 'inizio', value: (r) => r.startsOn },
		{ header: 'scadenza', value: (r) => r.endsOn },
		{ header: 'termine_disdetta', value: (r) => r.noticeDeadline },
		{ header: 'rinnovo_automatico', value: (r) => r.autoRenew },
		{ header: 'livello_sla', value: (r) => r.slaLevel.code },
		{ header: 'unita_coperte', value: (r) => r.coveredUnits }
	]);
}

/** What the contract form offers: SLA levels and meter types. */
export async function contractFormOptions(actor: Actor) {
	authorize(actor, 'contracts.read');
	const database = db();
	const [slaLevels, meterTypes] = await Promise.all([queries.listSlaLevelOptions(database), queries.listMeterTypeOptions(database)]);
	return { slaLevels, meterTypes };
}

/** One customer for a preselected form (?customerId=); null when the id names nobody. */
export async function customerOption(actor: Actor, customerId: string) {
	authorize(actor, 'contracts.read');
	if (!/^[0-9a-f-]{36}$/i.test(customerId)) return null;
	return queries.findCustomerOption(db(), customerId);
}

export async function searchCustomers(actor: Actor, q: string) {
	authorize(actor, 'contracts.read');
	const text = q.trim();
	if (text.length < 2) return [];
	if (text.length > 100) throw new ValidationError('q', 'at most 100 characters');
	return queries.searchCustomerOptions(db(), text);
}
