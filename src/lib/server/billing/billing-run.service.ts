import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { dueBillingPeriods, prorateCents, type BillingPeriod } from '$lib/domain/billing-periods';
import { parsePlainDate } from '$lib/domain/contract-terms';
import { invoiceTotals } from '$lib/domain/invoice-totals';
import { meterCharge, type Usage } from '$lib/domain/meter-pricing';
import { countingSeries, COMPANY_ZONE, usageBetween } from '$lib/domain/meter-usage';
import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { companyToday } from '../contracts/contracts.service';
import { listMeterTerms, type MeterTermView } from '../contracts/meter-terms.queries';
import { db, type Db } from '../db/client';
import { ValidationError } from '../errors';
import { uuidv7 } from '../ids';
import { readingsOfMeters } from '../readings/readings.queries';
import * as queries from './billing.queries';
import { estimatedUsageWarning, feeLineText, meterLineText, meterSummaryText, minimumLineText, missingReadingsWarning } from './invoice-texts';

/**
 * Prepares draft invoices from contracts: the fee (canone) of every period that is due, in
 * advance or in arrears as the contract says, and the cost per copy of every ended period from
 * the readings. Renewed terms continue the same sequence of periods. Each contract is decided
 * under its row lock, and `billed_periods` refuses a period twice, so re-runs and concurrent runs
 * bill nothing twice. Deleting a draft frees its periods for the next run.
 */

export type PrepareResult = { today: string; invoices: Array<{ id: string; contractId: string; totalCents: number; lines: number; warnings: string[] }>; skipped: number };

/** How far ahead a person may prepare: next month's advance fees are billed late in this month. */
export const MAX_DAYS_AHEAD = 45;

type Line = Omit<queries.NewInvoiceLineRow, 'id' | 'invoiceId' | 'lineNo'>;
type Draft = { lines: Line[]; periods: Omit<queries.NewBilledPeriodRow, 'invoiceId'>[]; warnings: string[] };

const prepareInput = z
	.object({
		today: z.string().refine((v) => parsePlainDate(v) !== null, 'today must be a date YYYY-MM-DD').optional(),
		contractId: z.uuid('contractId must be a contract id').optional()
	})
	.strict();

export async function prepareInvoicesNow(actor: Actor, input: unknown, now = new Date()): Promise<PrepareResult> {
	authorize(actor, 'billing.manage');
	const parsed = prepareInput.safeParse(input ?? {});
	if (!parsed.success) throw ValidationError.fromZod(parsed.error);
	const latest = Temporal.PlainDate.from(companyToday(now)).add({ days: MAX_DAYS_AHEAD }).toString();
	if (parsed.data.today && parsed.data.today > latest) throw new ValidationError('today', `today can be at most ${MAX_DAYS_AHEAD} days ahead`);
	return prepareDueInvoices({ ...parsed.data, byUserId: actor.id, now });
}

export async function prepareDueInvoices(options: { today?: string; contractId?: string; byUserId?: string | null; now?: Date } = {}): Promise<PrepareResult> {
	const today = options.today ?? companyToday(options.now);
	const profile = await queries.findCompanyProfile(db());
	// Without the company's details nobody said from when Quadro bills: catching up every
	// contract from its first day would re-bill what the previous system already invoiced.
	if (!profile) throw new ValidationError('companyProfile', 'enter the company\'s invoicing details and the day Quadro starts billing first (Settings, Company)');
	const vatRate = profile.defaultVatRate;
	const billedBefore = Temporal.PlainDate.from(profile.billingStartsOn).subtract({ days: 1 }).toString();
	const result: PrepareResult = { today, invoices: [], skipped: 0 };
	for (const { id } of await queries.contractsToBill(db(), options.contractId)) {
		const made = await db().transaction(async (tx) => {
			const contract = await queries.lockContractForBilling(tx, id);
			if (!contract) return 'skipped' as const;
			const draft = await contractDraft(tx, contract, today, vatRate, billedBefore);
			if (draft.lines.length === 0) return null;
			const invoiceId = uuidv7();
			const totals = invoiceTotals(draft.lines.map((l) => ({ quantity: l.quantity, unitPrice: l.unitPrice, vatRate: l.vatRate, natura: l.natura })));
			await queries.insertInvoice(
				tx,
				{ id: invoiceId, customerId: contract.customerId, contractId: contract.id, taxableCents: totals.taxableCents, vatCents: totals.vatCents, totalCents: totals.totalCents, warnings: draft.warnings, createdBy: options.byUserId ?? null },
				draft.lines.map((l, i) => ({ ...l, id: uuidv7(), invoiceId, lineNo: i + 1 })),
				draft.periods.map((p) => ({ ...p, invoiceId }))
			);
			if (options.byUserId) await audit({ actorUserId: options.byUserId, action: 'invoice.prepare', subject: invoiceId, details: { contractId: contract.id, today } }, tx);
			return { id: invoiceId, contractId: contract.id, totalCents: totals.totalCents, lines: draft.lines.length, warnings: draft.warnings };
		});
		if (made === 'skipped') result.skipped++;
		else if (made) result.invoices.push(made);
	}
	return result;
}

type ContractRow = NonNullable<Awaited<ReturnType<typeof queries.lockContractForBilling>>>;

async function contractDraft(tx: Db, contract: ContractRow, today: string, vatRate: string, billedBefore: string): Promise<Draft> {
	const terms = await queries.termsOf(tx, contract.id);
	const draft: Draft = { lines: [], periods: [], warnings: [] };
	const base = { contractId: contract.id, vatRate, natura: null };
	if (contract.feePerPeriodCents > 0) {
		const through = later(await queries.billedThrough(tx, contract.id, 'fee', ''), billedBefore);
		for (const period of dueBillingPeriods({ periodicity: contract.periodicity, timing: contract.billingTiming, terms, today, billedThrough: through })) {
			const cents = period.days < period.fullDays ? prorateCents(contract.feePerPeriodCents, period.days, period.fullDays) : contract.feePerPeriodCents;
			draft.lines.push({ ...base, kind: 'fee', meterType: '', description: feeLineText(contract.number, contract.periodicity, period), quantity: '1', unitPrice: centsText(cents), amountCents: cents, periodFrom: period.from, periodTo: period.to });
			draft.periods.push({ contractId: contract.id, kind: 'fee', meterType: '', periodFrom: period.from, periodTo: period.to });
		}
	}
	for (const term of await listMeterTerms(tx, contract.id)) {
		const through = later(await queries.billedThrough(tx, contract.id, 'meter', term.meterType), billedBefore);
		// Usage is known only once a period has ended, whatever the fee's timing.
		for (const period of dueBillingPeriods({ periodicity: contract.periodicity, timing: 'arrears', terms, today, billedThrough: through })) {
			const usage = await periodUsage(tx, contract.id, term.meterType, period);
			if ('missing' in usage) {
				// Stop at the first period without readings: later periods wait for it (billed in order).
				draft.warnings.push(missingReadingsWarning(term.meterType, period, usage.missing));
				break;
			}
			draft.lines.push(...meterLines(contract.number, term, period, usage, base));
			if (usage.estimated) draft.warnings.push(estimatedUsageWarning(term.meterType, period, usage.estimated));
			draft.periods.push({ contractId: contract.id, kind: 'meter', meterType: term.meterType, periodFrom: period.from, periodTo: period.to });
		}
	}
	return draft;
}

type PeriodUsage = { missing: string[] } | { devices: Array<{ equipmentId: string; serialNumber: string; units: number }>; estimated: string[] | null };

/** Each covered unit's usage over the period (company zone, whole days); units without readings to estimate from are listed. */
async function periodUsage(tx: Db, contractId: string, meterType: string, period: BillingPeriod): Promise<PeriodUsage> {
	const covered = await queries.coveredMeters(tx, contractId, meterType, period.from, period.to);
	const rows = await readingsOfMeters(tx, covered.map((c) => c.meterId));
	const from = dayStart(period.from);
	const to = dayStart(Temporal.PlainDate.from(period.to).add({ days: 1 }).toString());
	const devices: Array<{ equipmentId: string; serialNumber: string; units: number }> = [];
	const missing: string[] = [];
	const estimated: string[] = [];
	for (const unit of covered) {
		const series = countingSeries(rows.filter((r) => r.meterId === unit.meterId));
		const result = usageBetween(series, from, to, { maxValue: unit.maxValue });
		if (result.usage === null) missing.push(unit.serialNumber);
		else {
			devices.push({ equipmentId: unit.equipmentId, serialNumber: unit.serialNumber, units: result.usage });
			if (result.estimated) estimated.push(unit.serialNumber);
		}
	}
	if (missing.length) return { missing };
	return { devices, estimated: estimated.length ? estimated : null };
}

function meterLines(contractNumber: string, term: MeterTermView, period: BillingPeriod, usage: Extract<PeriodUsage, { devices: unknown }>, base: { contractId: string; vatRate: string; natura: null }): Line[] {
	const input: Usage = term.pooling === 'pooled' ? { total: usage.devices.reduce((s, d) => s + d.units, 0) } : { devices: usage.devices.map((d) => ({ equipmentId: d.equipmentId, units: d.units })) };
	const charge = meterCharge(term, input);
	const common = { ...base, kind: 'meter' as const, meterType: term.meterType, periodFrom: period.from, periodTo: period.to, estimated: usage.estimated !== null };
	const serialOf = new Map(usage.devices.map((d) => [d.equipmentId, d.serialNumber]));
	// A zero-priced line says what was counted and what was included: the customer sees why the
	// overage is what it is (or why there is none). Quantity 1: the counts are in the words, and
	// a period with no copies must still be a valid line.
	const lines: Line[] = [{ ...common, description: meterSummaryText(contractNumber, term.meterType, period, charge.totalUnits, charge.includedUnits), quantity: '1', unitPrice: '0', amountCents: 0 }];
	for (const band of charge.lines.filter((l) => l.units > 0))
		lines.push({ ...common, equipmentId: band.equipmentId, description: meterLineText(term.meterType, period, band.fromUnits, band.equipmentId ? serialOf.get(band.equipmentId) ?? null : null), quantity: String(band.units), unitPrice: band.unitPrice, amountCents: band.amountCents });
	if (charge.minimumApplied) {
		const topUp = charge.totalCents - charge.subtotalCents;
		lines.push({ ...common, description: minimumLineText(term.meterType, period, charge.minimumChargeCents), quantity: '1', unitPrice: centsText(topUp), amountCents: topUp });
	}
	return lines;
}

function later(a: string | null, b: string): string {
	return a && a > b ? a : b;
}

function dayStart(day: string): Date {
	return new Date(Temporal.PlainDate.from(day).toZonedDateTime({ timeZone: COMPANY_ZONE }).epochMilliseconds);
}

/** 12345 -> "123.45" (a unit price with the cents of an amount). */
export function centsText(cents: number): string {
	const sign = cents < 0 ? '-' : '';
	const abs = Math.abs(cents);
	return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
