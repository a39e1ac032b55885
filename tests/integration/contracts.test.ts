import { QueueEvents } from 'bullmq';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayAt, termEnd } from '../../src/lib/domain/contract-terms';
import { listAudit } from '../../src/lib/server/auth/audit.queries';
import type { Actor } from '../../src/lib/server/auth/actor';
import { config } from '../../src/lib/server/config';
import {
	activateContract,
	createContract,
	exportContractsCsv,
	getContract,
	listContracts,
	suspendContract,
	terminateContract,
	updateContract
} from '../../src/lib/server/contracts/contracts.service';
import { addCoveredEquipment, coverage, CoverageConflictError, removeCoveredEquipment, searchUnits } from '../../src/lib/server/contracts/coverage.service';
import { setMeterTerms } from '../../src/lib/server/contracts/meter-terms.service';
import { renewContract, renewDueContracts } from '../../src/lib/server/contracts/renewals.service';
import { contracts, contractTerms } from '../../src/lib/server/db/schema';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../src/lib/server/errors';
import { startWorkers, type WorkerSet } from '../../src/lib/server/jobs/queues';
import { runJob } from '../../src/lib/server/jobs/registry';
import { createRedis } from '../../src/lib/server/redis';
import { createTestUser } from '../support/users';
import { arrangeStage, insertUnit, type Stage } from './contracts.fixtures';
import { freshDatabase, type FreshDatabase } from './support/database';

let fresh: FreshDatabase;
let stage: Stage;
let dispatcher: Actor;
let supervisor: Actor;
let technician: Actor;
const today = dayAt(new Date());
const year = Number(today.slice(0, 4));

beforeAll(async () => {
	fresh = await freshDatabase();
	stage = await arrangeStage(fresh.db);
	dispatcher = await createTestUser(fresh.db, 'dispatcher');
	supervisor = await createTestUser(fresh.db, 'supervisor');
	technician = await createTestUser(fresh.db, 'technician');
});
afterAll(async () => {
	await fresh.close();
});

function base(overrides: Record<string, unknown> = {}) {
	return {
		customerId: stage.customer.id,
		periodicity: 'quarterly',
		billingTiming: 'advance',
		feePerPeriodCents: 45000,
		slaLevelId: stage.sla.id,
		startsOn: `${year}-01-01`,
		termMonths: 12,
		autoRenew: true,
		renewalTermMonths: 12,
		noticeDays: 90,
		...overrides
	};
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
	try {
		await promise;
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected a rejection');
}

async function expectField(promise: Promise<unknown>, field: string, type: typeof ValidationError | typeof ConflictError = ValidationError) {
	const error = await rejection(promise);
	expect(error).toBeInstanceOf(type);
	expect((error as ValidationError).field).toBe(field);
	return error;
}

describe('creating contracts', () => {
	it('creates a quarterly draft with its first term, SLA level and meter terms', async () => {
		const { id, number } = await createContract(
			dispatcher,
			base({
				notes: 'Full service',
				meterTerms: [
					{
						meterType: 'mono',
						includedPerPeriod: 3000,
						pooling: 'pooled',
						tierMode: 'graduated',
						unitPrice: '0,0085',
						minimumChargeCents: 1500,
						tiers: [
							{ fromUnits: 5000, unitPrice: '0.007' },
							{ fromUnits: 20000, unitPrice: 0.0055 }
						]
					}
				]
			})
		);
		expect(number).toMatch(new RegExp(`^${year}/\\d{6}$`));
		const view = await getContract(supervisor, id);
		expect(view).toMatchObject({
			number,
			status: 'draft',
			periodicity: 'quarterly',
			billingTiming: 'advance',
			feePerPeriodCents: 45000,
			autoRenew: true,
			noticeDays: 90,
			notes: 'Full service',
			customer: { id: stage.customer.id },
			slaLevel: { id: stage.sla.id, code: stage.sla.code },
			startsOn: `${year}-01-01`,
			endsOn: `${year}-12-31`,
			noticeDeadline: `${year}-10-02`,
			terms: [{ termNo: 1, startsOn: `${year}-01-01`, endsOn: `${year}-12-31`, renewedAutomatically: false }]
		});
		expect(view.meterTerms).toEqual([
			{
				id: expect.any(String),
				meterType: 'mono',
				includedPerPeriod: 3000,
				pooling: 'pooled',
				tierMode: 'graduated',
				minimumChargeCents: 1500,
				unitPrice: '0.008500',
				tiers: [
					{ fromUnits: 5000, unitPrice: '0.007000' },
					{ fromUnits: 20000, unitPrice: '0.005500' }
				]
			}
		]);
		const [entry] = await listAudit(fresh.db, { action: 'contract.create' });
		expect(entry).toMatchObject({ actorUserId: dispatcher.id, subject: id });
	});

	it('numbers contracts per year without duplicates, also when created at the same time', async () => {
		const created = await Promise.all(Array.from({ length: 8 }, () => createContract(dispatcher, base())));
		const seqs = created.map((c) => Number(c.number.split('/')[1])).sort((a, b) => a - b);
		expect(new Set(seqs).size).toBe(8);
		for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(seqs[i - 1] + 1);
		const next = await createContract(dispatcher, base());
		expect(Number(next.number.split('/')[1])).toBe(seqs.at(-1)! + 1);
	});

	it.each([
		['unknown SLA level', { slaLevelId: '01900000-0000-7000-8000-000000000000' }, 'slaLevelId'],
		['unknown customer', { customerId: '01900000-0000-7000-8000-000000000000' }, 'customerId'],
		['bad periodicity', { periodicity: 'weekly' }, 'periodicity'],
		['fee in euro instead of cents', { feePerPeriodCents: 12.5 }, 'feePerPeriodCents'],
		['negative fee', { feePerPeriodCents: -1 }, 'feePerPeriodCents'],
		['impossible date', { startsOn: `${year}-02-30` }, 'startsOn'],
		['zero-month term', { termMonths: 0 }, 'termMonths'],
		['unknown field', { colour: 'red' }, 'colour'],
		['tiers out of order', { meterTerms: [{ meterType: 'mono', unitPrice: '0.01', tiers: [{ fromUnits: 500, unitPrice: '0.01' }, { fromUnits: 100, unitPrice: '0.02' }] }] }, 'meterTerms.0.tiers.1.fromUnits'],
		['price with 7 decimals', { meterTerms: [{ meterType: 'mono', unitPrice: '0.0000001' }] }, 'meterTerms.0.unitPrice'],
		['negative tier price', { meterTerms: [{ meterType: 'mono', unitPrice: '0.01', tiers: [{ fromUnits: 10, unitPrice: '-0.01' }] }] }, 'meterTerms.0.tiers.0.unitPrice'],
		['unknown meter type', { meterTerms: [{ meterType: 'mono', unitPrice: '0.01' }, { meterType: 'smells', unitPrice: '0.01' }] }, 'meterTerms.1.meterType'],
		['same meter type twice', { meterTerms: [{ meterType: 'mono', unitPrice: '0.01' }, { meterType: 'mono', unitPrice: '0.02' }] }, 'meterTerms.1.meterType']
	])('refuses %s with the field at fault', async (_name, overrides, field) => {
		await expectField(createContract(dispatcher, base(overrides)), field);
	});

	it('a technician and a supervisor may not write; a technician may not read', async () => {
		await expect(createContract(technician, base())).rejects.toBeInstanceOf(ForbiddenError);
		await expect(createContract(supervisor, base())).rejects.toBeInstanceOf(ForbiddenError);
		await expect(listContracts(technician, new URLSearchParams())).rejects.toBeInstanceOf(ForbiddenError);
		await expect(coverage(technician, { serial: 'X1' })).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('unknown and malformed ids are not found', async () => {
		await expect(getContract(dispatcher, '01900000-0000-7000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
		await expect(getContract(dispatcher, 'not-a-uuid')).rejects.toBeInstanceOf(NotFoundError);
	});
});

describe('status and edits', () => {
	it('draft -> active -> suspended -> active -> terminated, with reasons audited', async () => {
		const { id } = await createContract(dispatcher, base());
		await expectField(suspendContract(dispatcher, id, { reason: 'non pagato' }), 'status', ConflictError);
		await activateContract(dispatcher, id);
		await expectField(suspendContract(dispatcher, id, {}), 'reason');
		await suspendContract(dispatcher, id, { reason: 'Insoluti da 90 giorni' });
		expect((await getContract(dispatcher, id)).status).toBe('suspended');
		await activateContract(dispatcher, id);
		await terminateContract(dispatcher, id, { reason: 'Disdetta del cliente' });
		expect((await getContract(dispatcher, id)).status).toBe('terminated');
		await expectField(activateContract(dispatcher, id), 'status', ConflictError);
		const entries = (await listAudit(fresh.db, {})).filter((e) => e.subject === id).map((e) => [e.action, (e.details as { reason?: string }).reason ?? null]);
		expect(entries.reverse()).toEqual([
			['contract.create', null],
			['contract.activate', null],
			['contract.suspend', 'Insoluti da 90 giorni'],
			['contract.activate', null],
			['contract.terminate', 'Disdetta del cliente']
		]);
	});

	it('refuses to activate a draft whose term has already ended', async () => {
		const { id } = await createContract(dispatcher, base({ startsOn: `${year - 2}-01-01` }));
		await expectField(activateContract(dispatcher, id), 'status', ConflictError);
	});

	it('a draft can move its first term; an active contract cannot', async () => {
		const { id } = await createContract(dispatcher, base());
		await updateContract(dispatcher, id, { startsOn: `${year}-03-01`, feePerPeriodCents: 50000 });
		let view = await getContract(dispatcher, id);
		expect(view.terms).toMatchObject([{ termNo: 1, startsOn: `${year}-03-01`, endsOn: termEnd(`${year}-03-01`, 12) }]);
		expect(view.feePerPeriodCents).toBe(50000);
		await updateContract(dispatcher, id, { termMonths: 24 });
		view = await getContract(dispatcher, id);
		expect(view.terms[0].endsOn).toBe(termEnd(`${year}-03-01`, 24));
		await activateContract(dispatcher, id);
		await expectField(updateContract(dispatcher, id, { startsOn: `${year}-01-01` }), 'startsOn', ConflictError);
		await updateContract(dispatcher, id, { autoRenew: false, noticeDays: 30 });
		view = await getContract(dispatcher, id);
		expect(view).toMatchObject({ autoRenew: false, noticeDays: 30, feePerPeriodCents: 50000, periodicity: 'quarterly' });
		await expectField(updateContract(dispatcher, id, { customerId: stage.other.id }), 'customerId');
	});

	it('replaces meter terms as a whole', async () => {
		const { id } = await createContract(dispatcher, base());
		const saved = await setMeterTerms(dispatcher, id, {
			meterTerms: [
				{ meterType: 'colour', includedPerPeriod: 500, pooling: 'per_device', tierMode: 'volume', unitPrice: '0.045', tiers: [{ fromUnits: 1000, unitPrice: '0.04' }] },
				{ meterType: 'mono', unitPrice: '0.0085' }
			]
		});
		expect(saved.map((t) => [t.meterType, t.pooling, t.tierMode, t.unitPrice, t.tiers.length])).toEqual([
			['colour', 'per_device', 'volume', '0.045000', 1],
			['mono', 'pooled', 'graduated', '0.008500', 0]
		]);
		await setMeterTerms(dispatcher, id, [{ meterType: 'scans', unitPrice: '0.001' }]);
		expect((await getContract(dispatcher, id)).meterTerms.map((t) => t.meterType)).toEqual(['scans']);
		await expectField(setMeterTerms(dispatcher, id, { meterTerms: 'none' }), 'meterTerms');
		await expectField(setMeterTerms(dispatcher, id, { meterTerms: [{ meterType: 'mono', unitPrice: '0.01', tiers: [{ fromUnits: 5, unitPrice: '0.01' }, { fromUnits: 5, unitPrice: '0.02' }] }] }), 'meterTerms.0.tiers.1.fromUnits');
	});
});

describe('covered equipment and the coverage question', () => {
	it('answers covered / not covered at different instants, with SLA and warranty', async () => {
		const unit = await insertUnit(fresh.db, stage.customer.siteId, { serial: `cov-${year}-01`, installDate: `${year}-01-10`, warrantyEnd: `${year}-06-30` });
		const { id, number } = await createContract(dispatcher, base({ startsOn: `${year}-02-01` }));
		await addCoveredEquipment(dispatcher, id, { serial: unit.serial.toLowerCase().replace(/-/g, ' '), fromDate: `${year}-02-01` });

		// A draft covers nothing yet.
		let answer = await coverage(dispatcher, { serial: unit.serial, at: `${year}-03-01T10:00:00Z` });
		expect(answer).toMatchObject({ covered: false, contract: null, slaLevel: null, equipment: { id: unit.id, brand: 'Kyocera' } });
		await activateContract(dispatcher, id);

		answer = await coverage(supervisor, { serial: unit.serial, at: `${year}-03-01T10:00:00Z` });
		expect(answer).toEqual({
			serial: unit.serial,
			at: `${year}-03-01T10:00:00Z`,
			day: `${year}-03-01`,
			equipment: { id: unit.id, brand: 'Kyocera', model: expect.stringMatching(/^TASKalfa/) },
			covered: true,
			contract: { id, number, status: 'active' },
			term: { startsOn: `${year}-02-01`, endsOn: `${year + 1}-01-31` },
			slaLevel: { id: stage.sla.id, code: stage.sla.code, name: stage.sla.name },
			warranty: { active: true, endsOn: `${year}-06-30` }
		});

		// Before the contract starts (23:59 in Rome on 31 January is still January).
		answer = await coverage(dispatcher, { serial: unit.serial, at: `${year}-01-31T22:59:00Z` });
		expect(answer).toMatchObject({ covered: false, term: null, warranty: { active: true } });
		// 00:30 on 1 February in Rome, still 31 January in UTC: covered.
		expect((await coverage(dispatcher, { serial: unit.serial, at: `${year}-01-31T23:30:00Z` })).covered).toBe(true);
		// Warranty over after 30 June, not yet on before install.
		expect((await coverage(dispatcher, { serial: unit.serial, at: `${year}-07-01` })).warranty).toEqual({ active: false, endsOn: `${year}-06-30` });
		expect((await coverage(dispatcher, { serial: unit.serial, at: `${year}-01-05` })).warranty.active).toBe(false);

		// Removal on 31 August: the last covered day, in Rome's summer time.
		await removeCoveredEquipment(dispatcher, id, { equipmentId: unit.id, toDate: `${year}-08-31` });
		expect((await coverage(dispatcher, { serial: unit.serial, at: `${year}-08-31T21:59:59Z` })).covered).toBe(true);
		expect((await coverage(dispatcher, { serial: unit.serial, at: `${year}-08-31T22:00:00Z` })).covered).toBe(false);
		expect((await coverage(dispatcher, { serial: unit.serial, at: `${year}-07-15T09:00:00+02:00` })).covered).toBe(true);

		// A suspended contract covers nothing.
		await suspendContract(dispatcher, id, { reason: 'sospeso per insoluti' });
		expect((await coverage(dispatcher, { serial: unit.serial, at: `${year}-07-15` })).covered).toBe(false);
	});

	it('coverage: unknown serial 404, bad at 400, ambiguous serial asks for the brand', async () => {
		await expect(coverage(dispatcher, { serial: 'NOPE000' })).rejects.toBeInstanceOf(NotFoundError);
		await expectField(coverage(dispatcher, { serial: 'NOPE000', at: 'yesterday' }), 'at');
		await expectField(coverage(dispatcher, { serial: 'NOPE000', at: `${year}-02-30T10:00:00Z` }), 'at');
		await expectField(coverage(dispatcher, { serial: '' }), 'serial');
		await insertUnit(fresh.db, stage.customer.siteId, { serial: 'TWIN-1', brand: 'Canon' });
		await insertUnit(fresh.db, stage.customer.siteId, { serial: 'TWIN-1', brand: 'Ricoh' });
		await expectField(coverage(dispatcher, { serial: 'twin1' }), 'brand');
		expect((await coverage(dispatcher, { serial: 'twin1', brand: 'ricoh' })).equipment?.brand).toBe('Ricoh');
		await expectField(addCoveredEquipment(dispatcher, (await createContract(dispatcher, base())).id, { serial: 'TWIN-1', fromDate: `${year}-02-01` }), 'brand');
	});

	it('refuses to cover a unit already covered on overlapping dates, naming the contract', async () => {
		const unit = await insertUnit(fresh.db, stage.customer.siteId);
		const first = await createContract(dispatcher, base());
		const second = await createContract(dispatcher, base());
		await addCoveredEquipment(dispatcher, first.id, { equipmentId: unit.id, fromDate: `${year}-01-01` });
		const error = await expectField(addCoveredEquipment(dispatcher, second.id, { equipmentId: unit.id, fromDate: `${year}-06-01` }), 'equipmentId', ConflictError);
		expect(error).toBeInstanceOf(CoverageConflictError);
		expect((error as CoverageConflictError).contract).toMatchObject({ id: first.id, number: first.number, fromDate: `${year}-01-01`, toDate: null });
		expect(error.message).toContain(first.number);
		// The same contract cannot cover it twice either.
		await expectField(addCoveredEquipment(dispatcher, first.id, { equipmentId: unit.id, fromDate: `${year}-03-01` }), 'equipmentId', ConflictError);

		// Once the first coverage ends, the second contract may take over the day after.
		await removeCoveredEquipment(dispatcher, first.id, { equipmentId: unit.id, toDate: `${year}-05-31` });
		await expectField(addCoveredEquipment(dispatcher, second.id, { equipmentId: unit.id, fromDate: `${year}-05-31` }), 'equipmentId', ConflictError);
		await addCoveredEquipment(dispatcher, second.id, { equipmentId: unit.id, fromDate: `${year}-06-01` });

		// Simultaneous claims on a free unit: exactly one wins.
		const free = await insertUnit(fresh.db, stage.customer.siteId);
		const results = await Promise.allSettled([first.id, second.id].map((cid) => addCoveredEquipment(dispatcher, cid, { equipmentId: free.id, fromDate: `${year}-07-01` })));
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(CoverageConflictError);

		// A terminated contract frees the unit.
		await terminateContract(dispatcher, second.id, { reason: 'cliente cessato' });
		const third = await createContract(dispatcher, base());
		await addCoveredEquipment(dispatcher, third.id, { equipmentId: unit.id, fromDate: `${year}-09-01` });
	});

	it('checks dates, ownership and removal rules', async () => {
		const unit = await insertUnit(fresh.db, stage.customer.siteId);
		const elsewhere = await insertUnit(fresh.db, stage.other.siteId);
		const { id } = await createContract(dispatcher, base({ startsOn: `${year}-02-01` }));
		await expectField(addCoveredEquipment(dispatcher, id, { equipmentId: unit.id, fromDate: `${year}-01-15` }), 'fromDate');
		await expectField(addCoveredEquipment(dispatcher, id, { equipmentId: unit.id, fromDate: `${year}-03-01`, toDate: `${year}-02-01` }), 'toDate');
		await expectField(addCoveredEquipment(dispatcher, id, { equipmentId: elsewhere.id, fromDate: `${year}-03-01` }), 'equipmentId');
		await expectField(addCoveredEquipment(dispatcher, id, { fromDate: `${year}-03-01` }), 'equipmentId');
		await expectField(addCoveredEquipment(dispatcher, id, { serial: 'NO-SUCH-UNIT', fromDate: `${year}-03-01` }), 'serial');
		const added = await addCoveredEquipment(dispatcher, id, { equipmentId: unit.id, fromDate: `${year}-03-01` });
		await expectField(removeCoveredEquipment(dispatcher, id, { coverageId: added.id, toDate: `${year}-02-27` }), 'toDate');
		await removeCoveredEquipment(dispatcher, id, { coverageId: added.id, toDate: `${year}-04-30` });
		// Shortening is allowed, lengthening a closed coverage is not.
		await expectField(removeCoveredEquipment(dispatcher, id, { coverageId: added.id, toDate: `${year}-05-31` }), 'toDate');
		await removeCoveredEquipment(dispatcher, id, { coverageId: added.id, toDate: `${year}-04-15` });
		const view = await getContract(dispatcher, id);
		expect(view.equipment).toMatchObject([{ equipmentId: unit.id, fromDate: `${year}-03-01`, toDate: `${year}-04-15` }]);
		// A coverage that has not started yet is removed outright when ended without a date.
		const later = await addCoveredEquipment(dispatcher, id, { equipmentId: unit.id, fromDate: addDays(today, 10) });
		const removed = await removeCoveredEquipment(dispatcher, id, { coverageId: later.id });
		expect(removed).toMatchObject({ deleted: true, toDate: null });
		expect((await getContract(dispatcher, id)).equipment).toHaveLength(1);
		await expect(removeCoveredEquipment(dispatcher, id, { equipmentId: elsewhere.id })).rejects.toBeInstanceOf(NotFoundError);
	});

	it('finds units by serial prefix for the add form', async () => {
		await insertUnit(fresh.db, stage.customer.siteId, { serial: 'ZX-9001-A' });
		const found = await searchUnits(dispatcher, 'zx 9001');
		expect(found.map((u) => u.serialNumber)).toEqual(['ZX-9001-A']);
		expect(await searchUnits(dispatcher, 'z')).toEqual([]);
	});
});

describe('renewals', () => {
	it('a renewal appends the next term and never edits the earlier ones; repeated, it renews once', async () => {
		const { id } = await createContract(dispatcher, base({ startsOn: `${year}-01-01`, renewalTermMonths: 24 }));
		await activateContract(dispatcher, id);
		const before = await fresh.db.select().from(contractTerms).where(eq(contractTerms.contractId, id));
		const first = await renewContract(dispatcher, id, { afterTermNo: 1 });
		expect(first).toEqual({ created: true, term: { termNo: 2, startsOn: `${year + 1}-01-01`, endsOn: `${year + 2}-12-31`, renewedAutomatically: false } });
		const again = await renewContract(dispatcher, id, { afterTermNo: 1 });
		expect(again).toEqual({ created: false, term: first.term });
		const both = await Promise.all([renewContract(dispatcher, id, { afterTermNo: 2, months: 12 }), renewContract(dispatcher, id, { afterTermNo: 2, months: 12 })]);
		expect(both.map((r) => r.created).sort()).toEqual([false, true]);
		const after = await fresh.db.select().from(contractTerms).where(eq(contractTerms.contractId, id));
		expect(after.map((t) => t.termNo).sort()).toEqual([1, 2, 3]);
		expect(after.find((t) => t.termNo === 1)).toEqual(before[0]);
		expect(after.find((t) => t.termNo === 3)).toMatchObject({ startsOn: `${year + 3}-01-01`, endsOn: `${year + 3}-12-31` });
		await expectField(renewContract(dispatcher, id, { afterTermNo: 9 }), 'afterTermNo');
		await terminateContract(dispatcher, id, { reason: 'fine rapporto' });
		await expectField(renewContract(dispatcher, id, {}), 'status', ConflictError);
		await expect(renewContract(supervisor, id, {})).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('the contracts.renew-due job renews and expires through a real worker, idempotently', async () => {
		// On the job's day: A auto-renews (its term ended yesterday), B ends today (renewed now),
		// C ends today without auto-renew (still in force), D ended without auto-renew (expires),
		// E is a draft (left alone), F missed three quarterly renewals (catches up).
		const jobDay = `${year}-11-28`;
		const make = async (startsOn: string, termMonths: number, autoRenew: boolean, activate = true, renewalTermMonths = 12) => {
			const { id } = await createContract(dispatcher, base({ startsOn, termMonths, autoRenew, renewalTermMonths }));
			if (activate) await fresh.db.update(contracts).set({ status: 'active' }).where(eq(contracts.id, id)); // arrangement: a past term
			return id;
		};
		const a = await make(`${year - 1}-11-28`, 12, true); // ends year-11-27
		const b = await make(`${year - 1}-11-29`, 12, true); // ends year-11-28
		const c = await make(`${year - 1}-11-29`, 12, false);
		const d = await make(`${year - 1}-11-01`, 12, false); // ended year-10-31
		const e = await make(`${year - 1}-01-01`, 12, true, false);
		const f = await make(`${year}-01-01`, 3, true, true, 3); // ended 31 March

		const workers: WorkerSet = await startWorkers({ concurrency: 1, schedule: false });
		const events = new QueueEvents('maintenance', { connection: createRedis('contracts-events'), prefix: `${config().REDIS_PREFIX}:bull` });
		try {
			await events.waitUntilReady();
			const queue = workers.queues.get('maintenance')!;
			const run = async (jobId: string) => (await queue.add('contracts.renew-due', { today: jobDay }, { jobId })).waitUntilFinished(events, 15_000);
			expect(await run('renew-1')).toEqual({ today: jobDay, renewed: 3, termsAdded: 5, expired: 1 });
			expect(await run('renew-2')).toEqual({ today: jobDay, renewed: 0, termsAdded: 0, expired: 0 });
		} finally {
			await events.close();
			await workers.close();
		}
		const terms = async (id: string) => (await getContract(dispatcher, id, jobDay)).terms.map((t) => [t.termNo, t.startsOn, t.endsOn, t.renewedAutomatically]);
		expect(await terms(a)).toEqual([
			[1, `${year - 1}-11-28`, `${year}-11-27`, false],
			[2, `${year}-11-28`, `${year + 1}-11-27`, true]
		]);
		expect(await terms(b)).toEqual([
			[1, `${year - 1}-11-29`, `${year}-11-28`, false],
			[2, `${year}-11-29`, `${year + 1}-11-28`, true]
		]);
		expect(await terms(f)).toEqual([
			[1, `${year}-01-01`, `${year}-03-31`, false],
			[2, `${year}-04-01`, `${year}-06-30`, true],
			[3, `${year}-07-01`, `${year}-09-30`, true],
			[4, `${year}-10-01`, `${year}-12-31`, true]
		]);
		const status = async (id: string) => (await getContract(dispatcher, id)).status;
		expect([await status(a), await status(b), await status(c), await status(d), await status(e), await status(f)]).toEqual(['active', 'active', 'active', 'expired', 'draft', 'active']);
		expect((await getContract(dispatcher, c)).terms).toHaveLength(1);
		const expiry = (await listAudit(fresh.db, { action: 'contract.expire' })).find((x) => x.subject === d);
		expect(expiry).toMatchObject({ actorUserId: null, details: { endedOn: `${year}-10-31` } });
		// The next day C has ended: it expires, and nothing else changes.
		expect(await renewDueContracts({ today: addDays(jobDay, 1) })).toEqual({ today: addDays(jobDay, 1), renewed: 0, termsAdded: 0, expired: 1 });
		expect(await status(c)).toBe('expired');
	});

	it('the job refuses a payload that is not a date', async () => {
		await expect(runJob('contracts.renew-due', { today: '2026-02-30' })).rejects.toThrow(/invalid payload/);
		await expect(runJob('contracts.renew-due', { today: '2026-02-01', extra: 1 })).rejects.toThrow(/invalid payload/);
	});

	it('numbering ignores numbers in a foreign format', async () => {
		const { id } = await createContract(dispatcher, base());
		await fresh.db.update(contracts).set({ number: `${year}/IMPORT-7` }).where(eq(contracts.id, id));
		const next = await createContract(dispatcher, base());
		expect(next.number).toMatch(new RegExp(`^${year}/\\d{6}$`));
	});
});

describe('listing and export', () => {
	it('filters by status, periodicity, customer, search and expiry; exports the same rows as CSV', async () => {
		const mine = await createContract(dispatcher, base({ customerId: stage.other.id, periodicity: 'bimonthly', startsOn: addDays(today, -364 + 10), termMonths: 12, feePerPeriodCents: 123456 }));
		await activateContract(dispatcher, mine.id);
		const unit = await insertUnit(fresh.db, stage.other.siteId);
		await addCoveredEquipment(dispatcher, mine.id, { equipmentId: unit.id, fromDate: addDays(today, -30) });

		const page = await listContracts(supervisor, new URLSearchParams({ customerId: stage.other.id }));
		expect(page).toMatchObject({ total: 1, page: 1, pages: 1 });
		expect(page.items[0]).toMatchObject({
			id: mine.id,
			number: mine.number,
			status: 'active',
			periodicity: 'bimonthly',
			customer: { id: stage.other.id, businessName: 'Ufficio Bianchi Spa' },
			slaLevel: { id: stage.sla.id },
			coveredUnits: 1,
			lastTermNo: 1
		});
		expect((await listContracts(supervisor, new URLSearchParams({ q: 'bianchi' }))).items.map((i) => i.id)).toEqual([mine.id]);
		expect((await listContracts(supervisor, new URLSearchParams({ q: mine.number }))).items.map((i) => i.id)).toEqual([mine.id]);
		expect((await listContracts(supervisor, new URLSearchParams({ periodicity: 'bimonthly' }))).items.map((i) => i.id)).toEqual([mine.id]);
		const expiring = await listContracts(supervisor, new URLSearchParams({ expiringWithinDays: '30' }));
		expect(expiring.items.map((i) => i.id)).toContain(mine.id);
		expect(expiring.items.every((i) => i.endsOn! >= today && i.endsOn! <= addDays(today, 30) && ['active', 'suspended'].includes(i.status))).toBe(true);
		expect((await listContracts(supervisor, new URLSearchParams({ expiringWithinDays: '5' }))).items.map((i) => i.id)).not.toContain(mine.id);

		const all = await listContracts(supervisor, new URLSearchParams({ pageSize: '5', page: '2' }));
		expect(all.items).toHaveLength(5);
		expect(all.pages).toBe(Math.ceil(all.total / 5));
		await expectField(listContracts(supervisor, new URLSearchParams({ status: 'lost' })), 'status');
		await expectField(listContracts(supervisor, new URLSearchParams({ expiringWithinDays: 'soon' })), 'expiringWithinDays');
		await expectField(listContracts(supervisor, new URLSearchParams({ pageSize: '1000' })), 'pageSize');

		const csv = await exportContractsCsv(supervisor, new URLSearchParams({ customerId: stage.other.id }));
		const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
		expect(lines[0]).toBe('numero;codice_cliente;cliente;stato;periodicita;fatturazione;canone_eur;inizio;scadenza;termine_disdetta;rinnovo_automatico;livello_sla;unita_coperte');
		expect(lines).toHaveLength(2);
		expect(lines[1]).toContain(`${mine.number};`);
		expect(lines[1]).toContain(';1234,56;');
		const everything = await exportContractsCsv(supervisor, new URLSearchParams({ status: 'draft' }));
		const drafts = await listContracts(supervisor, new URLSearchParams({ status: 'draft', pageSize: '200' }));
		expect(everything.trim().split('\r\n')).toHaveLength(drafts.total + 1);
	});
});
