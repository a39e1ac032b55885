import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serialKey } from '../../src/lib/domain/serial';
import type { Actor } from '../../src/lib/server/auth/actor';
import { prepareDueInvoices, prepareInvoicesNow } from '../../src/lib/server/billing/billing-run.service';
import { getCompanyProfile, saveCompanyProfile } from '../../src/lib/server/billing/company-profile.service';
import { deleteDraftInvoice, getInvoice, invoiceXml, issueInvoice, listInvoices } from '../../src/lib/server/billing/invoices.service';
import { contractEquipment, contracts, contractTerms, customers, equipment, equipmentModels, invoiceLines, invoices as invoiceRows, meterReadings, meters, meterTerms, sites } from '../../src/lib/server/db/schema';
import { ConflictError, ForbiddenError, ValidationError } from '../../src/lib/server/errors';
import { uuidv7 } from '../../src/lib/server/ids';
import { runJob } from '../../src/lib/server/jobs/registry';
import { everyDaySlaLevel } from '../support/sla-fixtures';
import { createTestUser } from '../support/users';
import { validateFatturaPa } from '../support/fatturapa-xsd';
import { freshDatabase, type FreshDatabase } from './support/database';

let fresh: FreshDatabase;
let admin: Actor;
let backoffice: Actor;
let dispatcher: Actor;
let supervisor: Actor;
let technician: Actor;
let slaLevelId: string;

const PROFILE = {
	businessName: 'Quadro Assistenza Tecnica S.r.l.',
	vatNumber: '02745890166',
	regimeFiscale: 'RF01',
	address: 'Via Torino 21',
	cap: '20123',
	comuneName: 'Milano',
	province: 'mi',
	pec: 'amministrazione@pec.quadro.test',
	iban: 'IT60 X054 2811 1010 0000 0123 456',
	defaultVatRate: '22',
	billingStartsOn: '2026-10-01'
};

beforeAll(async () => {
	fresh = await freshDatabase();
	admin = await createTestUser(fresh.db, 'admin');
	backoffice = await createTestUser(fresh.db, 'backoffice');
	dispatcher = await createTestUser(fresh.db, 'dispatcher');
	supervisor = await createTestUser(fresh.db, 'supervisor');
	technician = await createTestUser(fresh.db, 'technician');
	slaLevelId = (await everyDaySlaLevel(admin, 'SEMPRE', 'Sempre aperto')).id;
});
afterAll(async () => {
	await fresh?.close();
});

/** A customer that can receive electronic invoices (P.IVA and SDI code), unless told otherwise. */
async function makeCustomer(extra: Partial<typeof customers.$inferInsert> = {}) {
	const id = uuidv7();
	await fresh.db.insert(customers).values({ id, code: `B${uuidv7().slice(-8)}`, businessName: 'Studio Rossi & Figli S.r.l.', vatNumber: null, fiscalCode: '01234567897', sdiCode: 'ABC1234', address: 'Corso Buenos Aires 10', cap: '20124', comuneName: 'Milano', province: 'MI', comuneIstat: '015146', paymentTermsDays: 30, ...extra });
	return id;
}

type ContractSpec = { customerId: string; periodicity?: 'monthly' | 'quarterly'; timing?: 'advance' | 'arrears'; feeCents?: number; startsOn: string; endsOn: string };

async function makeContract(spec: ContractSpec) {
	const id = uuidv7();
	await fresh.db.insert(contracts).values({ id, number: `T/${uuidv7().slice(-8)}`, customerId: spec.customerId, status: 'active', periodicity: spec.periodicity ?? 'monthly', billingTiming: spec.timing ?? 'advance', feePerPeriodCents: spec.feeCents ?? 10_000, slaLevelId });
	await fresh.db.insert(contractTerms).values({ id: uuidv7(), contractId: id, termNo: 1, startsOn: spec.startsOn, endsOn: spec.endsOn });
	return id;
}

/** A copier covered by the contract with a mono meter read at the given instants. */
async function coveredCopier(contractId: string, customerId: string, readings: Array<[string, number]>) {
	const siteId = uuidv7();
	const modelId = uuidv7();
	const equipmentId = uuidv7();
	const meterId = uuidv7();
	const serial = `KM-${uuidv7().slice(-8)}`;
	await fresh.db.insert(sites).values({ id: siteId, customerId, name: 'Sede', address: 'Via Roma 1', comuneIstat: '015146', comuneName: 'Milano', province: 'MI', regionCode: '03', location: { lng: 9.19, lat: 45.46 } });
	await fresh.db.insert(equipmentModels).values({ id: modelId, brand: 'Kyocera', model: `M-${uuidv7().slice(-8)}`, category: 'copier_colour', meterTypes: ['mono'] });
	await fresh.db.insert(equipment).values({ id: equipmentId, modelId, brand: 'Kyocera', serialNumber: serial, serialKey: serialKey(serial), siteId });
	await fresh.db.insert(meters).values({ id: meterId, equipmentId, meterType: 'mono', maxValue: 9_999_999 });
	await fresh.db.insert(contractEquipment).values({ id: uuidv7(), contractId, equipmentId, fromDate: '2026-01-01' });
	for (const [at, value] of readings) await fresh.db.insert(meterReadings).values({ id: uuidv7(), meterId, value, readAt: new Date(at), source: 'technician' });
	return { equipmentId, meterId, serial };
}

const cents = (euros: number) => Math.round(euros * 100);

describe('the company profile', () => {
	it('refuses to prepare anything before the company says from when Quadro bills', async () => {
		await expect(prepareInvoicesNow(backoffice, {})).rejects.toMatchObject({ field: 'companyProfile' });
		// The daily job has nothing to do, and says so instead of failing.
		await expect(runJob('billing.prepare-due', {})).resolves.toMatchObject({ invoices: 0, notSetUp: true });
	});

	it('is kept by admins, checked field by field, and read by the billing roles', async () => {
		await expect(saveCompanyProfile(admin, { ...PROFILE, vatNumber: '02745890167' })).rejects.toMatchObject({ field: 'vatNumber' });
		await expect(saveCompanyProfile(admin, { ...PROFILE, cap: '2012' })).rejects.toMatchObject({ field: 'cap' });
		await expect(saveCompanyProfile(admin, { ...PROFILE, iban: 'DE89370400440532013000' })).rejects.toMatchObject({ field: 'iban' });
		await expect(saveCompanyProfile(admin, { ...PROFILE, billingStartsOn: '2026-02-30' })).rejects.toMatchObject({ field: 'billingStartsOn' });
		await expect(saveCompanyProfile(backoffice, PROFILE)).rejects.toBeInstanceOf(ForbiddenError);
		const saved = await saveCompanyProfile(admin, PROFILE);
		expect(saved).toMatchObject({ province: 'MI', iban: 'IT60X0542811101000000123456', defaultVatRate: '22.00', billingStartsOn: '2026-10-01' });
		expect(await getCompanyProfile(backoffice)).toMatchObject({ vatNumber: '02745890166' });
		await expect(getCompanyProfile(dispatcher)).rejects.toBeInstanceOf(ForbiddenError);
	});
});

describe('preparing invoices from contracts', () => {
	it('bills each due fee period once, from the day Quadro starts billing, in advance', async () => {
		const customerId = await makeCustomer();
		const contractId = await makeContract({ customerId, startsOn: '2026-01-15', endsOn: '2027-01-14', feeCents: 10_000 });
		const first = await prepareInvoicesNow(backoffice, { contractId, today: '2026-12-06' }, new Date('2026-12-06T10:00:00Z'));
		expect(first.invoices).toHaveLength(1);
		const invoice = await getInvoice(backoffice, first.invoices[0].id);
		// The previous system invoiced the days before 1 October: 15 Sep - 14 Oct is billed from the
		// 1st, 14 of its 30 days (46.67). Then whole months, in advance up to the one running today.
		expect(invoice.lines.map((l) => [l.periodFrom, l.periodTo, l.amountCents])).toEqual([
			['2026-10-01', '2026-10-14', 4_667],
			['2026-10-15', '2026-11-14', 10_000],
			['2026-11-15', '2026-12-14', 10_000]
		]);
		expect(invoice.lines[0].description).toBe(`Canone mensile contratto ${invoice.contractNumber} dal 01/10/2026 al 14/10/2026 (rateo 14/30 giorni)`);
		expect(invoice.lines[1].description).toBe(`Canone mensile contratto ${invoice.contractNumber} dal 15/10/2026 al 14/11/2026`);
		// VAT on the sum at 22%: 246.67 -> 54.27.
		expect(invoice).toMatchObject({ status: 'draft', number: null, taxableCents: 24_667, vatCents: 5_427, totalCents: 30_094, problems: [] });

		// Again the same day, and a concurrent pair: nothing is billed twice.
		expect((await prepareDueInvoices({ contractId, today: '2026-12-06' })).invoices).toEqual([]);
		const both = await Promise.all([prepareDueInvoices({ contractId, today: '2026-12-15' }), prepareDueInvoices({ contractId, today: '2026-12-15' })]);
		const made = both.flatMap((r) => r.invoices);
		expect(made).toHaveLength(1);
		expect((await getInvoice(admin, made[0].id)).lines.map((l) => l.periodFrom)).toEqual(['2026-12-15']);

		// Deleting a draft gives its periods back to the next run.
		await deleteDraftInvoice(backoffice, made[0].id);
		const again = await prepareDueInvoices({ contractId, today: '2026-12-15' });
		expect(again.invoices).toHaveLength(1);
	});

	it('prorates the last period of a term that ends mid-period, and continues the sequence into a renewal', async () => {
		const customerId = await makeCustomer();
		const contractId = await makeContract({ customerId, periodicity: 'quarterly', timing: 'arrears', startsOn: '2026-10-01', endsOn: '2026-11-15', feeCents: 30_000 });
		const result = await prepareDueInvoices({ contractId, today: '2026-11-16' });
		const lines = (await getInvoice(admin, result.invoices[0].id)).lines;
		// 46 of the quarter's 92 days (1 Oct - 31 Dec).
		expect(lines.map((l) => [l.periodFrom, l.periodTo, l.amountCents])).toEqual([['2026-10-01', '2026-11-15', 15_000]]);
		expect(lines[0].description).toContain('(rateo 46/92 giorni)');
	});

	it('bills copies over the pooled allowance from the readings, across the change from summer time', async () => {
		const customerId = await makeCustomer();
		const contractId = await makeContract({ customerId, timing: 'arrears', startsOn: '2026-10-01', endsOn: '2027-09-30', feeCents: 5_000 });
		await fresh.db.insert(meterTerms).values({ id: uuidv7(), contractId, meterType: 'mono', includedPerPeriod: 1_000, pooling: 'pooled', tierMode: 'graduated', minimumChargeCents: 0, unitPrice: '0.010000' });
		// Read at midnight in Milano: +02:00 on 1 October, +01:00 from 25 October.
		await coveredCopier(contractId, customerId, [['2026-10-01T00:00:00+02:00', 0], ['2026-11-01T00:00:00+01:00', 1_500], ['2026-12-01T00:00:00+01:00', 2_700]]);
		await coveredCopier(contractId, customerId, [['2026-10-01T00:00:00+02:00', 10_000], ['2026-11-01T00:00:00+01:00', 10_300], ['2026-12-01T00:00:00+01:00', 10_600]]);

		const result = await prepareDueInvoices({ contractId, today: '2026-12-06' });
		const invoice = await getInvoice(admin, result.invoices[0].id);
		const meter = invoice.lines.filter((l) => l.kind === 'meter');
		expect(meter.map((l) => [l.periodFrom, Number(l.quantity), l.unitPrice, l.amountCents])).toEqual([
			['2026-10-01', 1, '0.00000000', 0],
			['2026-10-01', 800, '0.01000000', 800],
			['2026-11-01', 1, '0.00000000', 0],
			['2026-11-01', 500, '0.01000000', 500]
		]);
		expect(meter[0].description).toContain('1.800 rilevate, di cui 1.000 incluse nel canone');
		expect(invoice.lines.filter((l) => l.kind === 'fee').map((l) => l.periodFrom)).toEqual(['2026-10-01', '2026-11-01']);
		expect(invoice.taxableCents).toBe(2 * 5_000 + 800 + 500);
		expect(invoice.warnings).toEqual([]);
	});

	it('waits for readings: a period nobody can measure is not billed and says why, then is billed once read', async () => {
		const customerId = await makeCustomer();
		const contractId = await makeContract({ customerId, timing: 'arrears', startsOn: '2026-10-01', endsOn: '2027-09-30', feeCents: 5_000 });
		await fresh.db.insert(meterTerms).values({ id: uuidv7(), contractId, meterType: 'mono', includedPerPeriod: 0, pooling: 'per_device', tierMode: 'graduated', minimumChargeCents: 2_000, unitPrice: '0.005000' });
		const unit = await coveredCopier(contractId, customerId, [['2026-10-01T00:00:00+02:00', 0]]);

		const first = await prepareDueInvoices({ contractId, today: '2026-11-05' });
		const draft = await getInvoice(admin, first.invoices[0].id);
		expect(draft.lines.map((l) => l.kind)).toEqual(['fee']);
		expect(draft.warnings).toEqual([`Letture insufficienti per copie bianco/nero dal 01/10/2026 al 31/10/2026: matricole ${unit.serial}`]);

		await fresh.db.insert(meterReadings).values({ id: uuidv7(), meterId: unit.meterId, value: 1_000, readAt: new Date('2026-11-01T00:00:00+01:00'), source: 'technician' });
		const second = await prepareDueInvoices({ contractId, today: '2026-11-05' });
		const lines = (await getInvoice(admin, second.invoices[0].id)).lines;
		// 1,000 copies at 0.005 = 5.00, topped up to the 20.00 minimum.
		expect(lines.map((l) => [l.kind, l.amountCents])).toEqual([
			['meter', 0],
			['meter', 500],
			['meter', 1_500]
		]);
		expect(lines[1].description).toContain(`matricola ${unit.serial}`);
		expect(lines[2].description).toContain('Integrazione al minimo di fatturazione');
	});

	it('refuses a day too far ahead and malformed input with the field', async () => {
		await expect(prepareInvoicesNow(backoffice, { today: '2027-03-01' }, new Date('2026-12-06T10:00:00Z'))).rejects.toMatchObject({ field: 'today' });
		await expect(prepareInvoicesNow(backoffice, { today: '06/12/2026' })).rejects.toMatchObject({ field: 'today' });
		await expect(prepareInvoicesNow(backoffice, { contractId: 'x' })).rejects.toMatchObject({ field: 'contractId' });
		await expect(prepareInvoicesNow(backoffice, { surprise: 1 })).rejects.toBeInstanceOf(ValidationError);
	});
});

describe('issuing', () => {
	async function draftFor(customerId: string, startsOn = '2026-11-01') {
		const contractId = await makeContract({ customerId, startsOn, endsOn: '2027-10-31', feeCents: 12_345 });
		const result = await prepareDueInvoices({ contractId, today: '2026-11-02' });
		return result.invoices[0].id;
	}

	it('numbers invoices of a year without gaps, in date order, even when several are issued at once', async () => {
		const customerId = await makeCustomer();
		const drafts = await Promise.all(Array.from({ length: 6 }, () => draftFor(customerId)));
		const now = new Date('2026-12-06T10:00:00Z');
		const issued = await Promise.all(drafts.map((id) => issueInvoice(backoffice, id, { issueDate: '2026-11-30' }, null, now)));
		const numbers = issued.map((i) => i.number!).sort();
		expect(numbers).toEqual(['2026/000001', '2026/000002', '2026/000003', '2026/000004', '2026/000005', '2026/000006']);
		expect(issued[0]).toMatchObject({ status: 'issued', issueDate: '2026-11-30', dueDate: '2026-12-30' });

		// An earlier date than the last invoice's is refused, and the refusal takes no number.
		const late = await draftFor(customerId);
		await expect(issueInvoice(backoffice, late, { issueDate: '2026-11-29' }, null, now)).rejects.toMatchObject({ field: 'issueDate' });
		await expect(issueInvoice(backoffice, late, { issueDate: '2026-12-07' }, null, now)).rejects.toMatchObject({ field: 'issueDate' });
		expect((await issueInvoice(backoffice, late, { issueDate: '2026-12-01' }, null, now)).number).toBe('2026/000007');

		// Issued is final: not again, not deleted.
		await expect(issueInvoice(backoffice, late, {}, null, now)).rejects.toBeInstanceOf(ConflictError);
		await expect(deleteDraftInvoice(backoffice, late)).rejects.toBeInstanceOf(ConflictError);
	});

	it('will not issue to a customer the exchange system cannot identify, and says so on the draft', async () => {
		const customerId = await makeCustomer({ vatNumber: null, fiscalCode: null, sdiCode: null });
		const id = await draftFor(customerId);
		expect((await getInvoice(backoffice, id)).problems.length).toBeGreaterThan(0);
		await expect(issueInvoice(backoffice, id, { issueDate: '2026-12-01' }, null, new Date('2026-12-06T10:00:00Z'))).rejects.toBeInstanceOf(ValidationError);
		expect((await getInvoice(backoffice, id)).status).toBe('draft');
	});

	it('writes a FatturaPA file that the official schema accepts, frozen as the parties were when issued', async () => {
		const customerId = await makeCustomer();
		const contractId = await makeContract({ customerId, timing: 'arrears', startsOn: '2026-10-01', endsOn: '2027-09-30', feeCents: 5_000 });
		await fresh.db.insert(meterTerms).values({ id: uuidv7(), contractId, meterType: 'mono', includedPerPeriod: 1_000, pooling: 'pooled', tierMode: 'graduated', minimumChargeCents: 0, unitPrice: '0.012345' });
		await coveredCopier(contractId, customerId, [['2026-10-01T00:00:00+02:00', 0], ['2026-11-01T00:00:00+01:00', 4_321]]);
		const { invoices } = await prepareDueInvoices({ contractId, today: '2026-11-02' });
		const issued = await issueInvoice(backoffice, invoices[0].id, { issueDate: '2026-12-02' }, null, new Date('2026-12-06T10:00:00Z'));

		await fresh.db.update(customers).set({ address: 'Via Nuova 99' }).where(eq(customers.id, customerId));
		const { fileName, xml } = await invoiceXml(supervisor, issued.id);
		expect(fileName).toMatch(/^IT02745890166_6[0-9A-Z]{4}\.xml$/);
		expect(await validateFatturaPa(xml)).toEqual([]);
		expect(xml).toContain(`<Numero>${issued.number}</Numero>`);
		expect(xml).toContain('<Indirizzo>Corso Buenos Aires 10</Indirizzo>');
		expect(xml).not.toContain('Via Nuova 99');
		expect(xml).toContain('Studio Rossi &amp; Figli S.r.l.');
		// 3,321 copies over the allowance at 0.012345 = 41.00 (40.997745 rounded).
		expect(xml).toContain('<PrezzoTotale>41.00</PrezzoTotale>');
		expect(xml).toContain(`<ImportoTotaleDocumento>${((5_000 + 4_100) * 1.22 / 100).toFixed(2)}</ImportoTotaleDocumento>`);
		expect(xml).toContain('<DataInizioPeriodo>2026-10-01</DataInizioPeriodo>');

		const draft = (await prepareDueInvoices({ contractId, today: '2026-12-02' })).invoices[0];
		await expect(invoiceXml(backoffice, draft.id)).rejects.toBeInstanceOf(ConflictError);

		// A frozen buyer that today's checks refuse (say, a rule made stricter since) is a 409 naming it, not a 500.
		await fresh.db.update(invoiceRows).set({ buyerSnapshot: { ...(issued.buyer as object), cap: '201' } }).where(eq(invoiceRows.id, issued.id));
		await expect(invoiceXml(backoffice, issued.id)).rejects.toMatchObject({ code: 'conflict', field: 'buyer.cap' });
	});
});

describe('who may do what', () => {
	it('lets the back office and admins bill, supervisors read, and nobody else in', async () => {
		const customerId = await makeCustomer();
		const contractId = await makeContract({ customerId, startsOn: '2026-11-01', endsOn: '2027-10-31' });
		const { invoices } = await prepareDueInvoices({ contractId, today: '2026-11-02' });
		const id = invoices[0].id;
		for (const actor of [dispatcher, technician]) {
			await expect(listInvoices(actor, new URLSearchParams())).rejects.toBeInstanceOf(ForbiddenError);
			await expect(getInvoice(actor, id)).rejects.toBeInstanceOf(ForbiddenError);
			await expect(prepareInvoicesNow(actor, {})).rejects.toBeInstanceOf(ForbiddenError);
			await expect(issueInvoice(actor, id, {})).rejects.toBeInstanceOf(ForbiddenError);
		}
		expect((await listInvoices(supervisor, new URLSearchParams({ contractId }))).items.map((i) => i.id)).toEqual([id]);
		await expect(prepareInvoicesNow(supervisor, {})).rejects.toBeInstanceOf(ForbiddenError);
		await expect(issueInvoice(supervisor, id, {})).rejects.toBeInstanceOf(ForbiddenError);
		await expect(deleteDraftInvoice(supervisor, id)).rejects.toBeInstanceOf(ForbiddenError);
		await expect(listInvoices(backoffice, new URLSearchParams({ status: 'paid' }))).rejects.toMatchObject({ field: 'status' });
		await deleteDraftInvoice(admin, id);
		expect(await fresh.db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, id))).toEqual([]);
	});

	it('the daily job prepares what is due', async () => {
		const customerId = await makeCustomer();
		const contractId = await makeContract({ customerId, startsOn: '2026-12-20', endsOn: '2027-12-19' });
		const result = (await runJob('billing.prepare-due', { today: '2026-12-20' })) as { invoices: number };
		expect(result.invoices).toBeGreaterThanOrEqual(1);
		expect((await listInvoices(admin, new URLSearchParams({ contractId }))).total).toBe(1);
		await expect(runJob('billing.prepare-due', { today: '2026-12-32' })).rejects.toThrow(/today must be a date/);
	});
});
