/**
 * Service contracts for about 60% of the demo customers that have units: every periodicity,
 * advance and arrears billing, auto-renewing contracts with several terms, some expiring this
 * month, drafts, expired and terminated ones, covered units with effective dates and, on copier
 * contracts, cost-per-copy meter terms. Planned without I/O; the shape depends only on fixed
 * seeds and the contract codes (C0001/office...), dates on the day the seed runs.
 */
import { SLA_LEVELS, type MeterCode } from './demo-catalogue';
import { DEMO_EMAIL_DOMAIN } from './demo-constants';
import { maxDate, minDate, type DemoCalendar } from './demo-dates';
import { planDemoUnits, unitGroup, type PlannedUnit } from './demo-installed-base';
import type { DemoPlan } from './demo-plan';
import { Rng, demoUuid } from './random';

type Group = 'office' | 'lift' | 'hvac';
type Periodicity = 'monthly' | 'bimonthly' | 'quarterly' | 'annual';
type ContractStatus = 'draft' | 'active' | 'suspended' | 'expired' | 'terminated';
type Scenario = 'active' | 'expiring' | 'suspended' | 'draft' | 'expired' | 'terminated';
type SlaCode = (typeof SLA_LEVELS)[number]['code'];

const PERIOD_MONTHS: Record<Periodicity, number> = { monthly: 1, bimonthly: 2, quarterly: 3, annual: 12 };
const DAYS_PER_MONTH = 30.44;

export type ContractRow = {
	id: string;
	code: string;
	number: string;
	customerCode: string;
	status: ContractStatus;
	periodicity: Periodicity;
	billingTiming: 'advance' | 'arrears';
	feePerPeriodCents: number;
	slaCode: SlaCode;
	autoRenew: boolean;
	renewalTermMonths: number;
	noticeDays: number;
	notes: string;
	createdByEmail: string;
};
export type TermRow = { id: string; contractId: string; termNo: number; startsOn: string; endsOn: string; renewedAutomatically: boolean };
export type CoverageRow = { id: string; contractId: string; equipmentId: string; fromDate: string; toDate: string | null };
export type MeterTermRow = {
	id: string;
	contractId: string;
	meterType: MeterCode;
	includedPerPeriod: number;
	pooling: 'pooled' | 'per_device';
	tierMode: 'graduated' | 'volume';
	minimumChargeCents: number;
	unitPrice: string;
};
export type TierRow = { id: string; meterTermId: string; fromUnits: number; unitPrice: string };

export type DemoContracts = {
	contracts: ContractRow[];
	terms: TermRow[];
	coverage: CoverageRow[];
	meterTerms: MeterTermRow[];
	tiers: TierRow[];
};

/** A contract's shape in month offsets from this month (negative: past). */
type Shape = {
	scenario: Scenario;
	autoRenew: boolean;
	renewalTermMonths: number;
	/** Start offset and length of each term, oldest first. */
	terms: { start: number; months: number }[];
};

function shapeFor(rng: Rng, scenario: Scenario): Shape {
	const renewalTermMonths = rng.weighted([[12, 85], [24, 15]]);
	const firstMonths = (): number => rng.weighted([[12, 50], [24, 30], [36, 20]]);
	const backwards = (last: { start: number; months: number }, count: number, autoRenew: boolean) => {
		const terms = [last];
		for (let i = 1; i < count; i++) {
			const months = i === count - 1 ? firstMonths() : renewalTermMonths;
			terms.unshift({ start: terms[0].start - months, months });
		}
		if (!autoRenew && count > 1) throw new Error('only auto-renewing contracts have several terms');
		return terms;
	};
	switch (scenario) {
		case 'active':
		case 'suspended':
		case 'expiring': {
			const autoRenew = rng.chance(scenario === 'expiring' ? 0.6 : 0.7);
			const count = autoRenew ? rng.weighted([[1, 25], [2, 30], [3, 30], [4, 15]]) : 1;
			const months = count === 1 ? firstMonths() : renewalTermMonths;
			// Months already run in the current term; "expiring" ones end this month.
			const into = scenario === 'expiring' ? months - 1 : rng.int(0, months - 2);
			return { scenario, autoRenew, renewalTermMonths, terms: backwards({ start: -into, months }, count, autoRenew) };
		}
		case 'draft': {
			const autoRenew = rng.chance(0.7);
			return { scenario, autoRenew, renewalTermMonths, terms: [{ start: rng.int(1, 2), months: firstMonths() }] };
		}
		case 'expired': {
			const months = rng.weighted([[12, 60], [24, 40]]);
			const endedAgo = rng.int(1, 10);
			return { scenario, autoRenew: false, renewalTermMonths, terms: [{ start: -endedAgo - months + 1, months }] };
		}
		case 'terminated': {
			// The customer gave notice: the last term ran out and was not renewed.
			const count = rng.int(1, 3);
			const endedAgo = rng.int(1, 14);
			return { scenario, autoRenew: true, renewalTermMonths: 12, terms: backwards({ start: -endedAgo - 11, months: 12 }, count, true) };
		}
	}
}

const STATUS: Record<Scenario, ContractStatus> = {
	active: 'active',
	expiring: 'active',
	suspended: 'suspended',
	draft: 'draft',
	expired: 'expired',
	terminated: 'terminated'
};

const NOTES: Record<Group, string[]> = {
	office: [
		'Full service: assistenza, ricambi e toner compresi nel canone; copie eccedenti a consumo',
		'Noleggio operativo con assistenza full service; lettura contatori mensile',
		'Assistenza tecnica e materiali di consumo; carta esclusa'
	],
	lift: [
		'Manutenzione ordinaria ai sensi del DPR 162/99 con visita mensile; reperibilità H24 per persone bloccate',
		'Manutenzione programmata e assistenza alle verifiche periodiche biennali'
	],
	hvac: [
		'Manutenzione programmata impianti di climatizzazione; controllo perdite F-gas annuale',
		'Conduzione e manutenzione impianto termico; pulizia filtri stagionale'
	]
};

/** Monthly canone per unit, in euro: what a service company charges for each kind of machine. */
function monthlyFee(rng: Rng, unit: PlannedUnit): number {
	const m = unit.model;
	if (m.use === 'production') return rng.int(400, 600);
	switch (m.category) {
		case 'copier_mono':
			return rng.int(35, 70);
		case 'copier_colour':
			return rng.int(60, 120);
		case 'printer':
			return rng.int(12, 25);
		case 'lift':
			return rng.int(80, 160);
		case 'hvac':
			return m.use === 'central' ? rng.int(60, 130) : rng.int(8, 14);
		default:
			return rng.int(8, 15);
	}
}

const PERIODICITY: Record<Group, [Periodicity, number][]> = {
	office: [['quarterly', 45], ['bimonthly', 20], ['monthly', 20], ['annual', 15]],
	lift: [['monthly', 35], ['bimonthly', 25], ['quarterly', 25], ['annual', 15]],
	hvac: [['annual', 45], ['quarterly', 30], ['bimonthly', 10], ['monthly', 15]]
};
const SLA: Record<Group, [SlaCode, number][]> = {
	office: [['BASE', 45], ['PLUS', 40], ['PREMIUM', 15]],
	lift: [['PREMIUM', 60], ['PLUS', 30], ['BASE', 10]],
	hvac: [['BASE', 50], ['PLUS', 40], ['PREMIUM', 10]]
};
const ADVANCE: Record<Group, number> = { office: 0.6, lift: 0.7, hvac: 0.8 };
const INCLUDED: Record<Group, number> = { office: 0.9, lift: 0.9, hvac: 0.55 };

export function planContracts(plan: DemoPlan, cal: DemoCalendar): DemoContracts {
	const rng = new Rng('contracts');
	const units = planDemoUnits(plan);
	const byCustomer = new Map<string, PlannedUnit[]>();
	for (const u of units) byCustomer.set(u.customerCode, [...(byCustomer.get(u.customerCode) ?? []), u]);
	const mustHave = new Set(units.filter((u) => u.special).map((u) => u.customerCode));

	const out: DemoContracts = { contracts: [], terms: [], coverage: [], meterTerms: [], tiers: [] };
	const created = new Map<string, string>(); // contract id -> the day it was signed, for numbering
	let perDeviceDone = false;
	let volumeDone = false;

	for (const customer of plan.customers) {
		const owned = (byCustomer.get(customer.code) ?? []).filter((u) => u.status !== 'decommissioned');
		if (owned.length === 0) continue;
		const must = mustHave.has(customer.code);
		if (!rng.chance(0.6) && !must) continue;
		const present = (['office', 'lift', 'hvac'] as Group[]).filter((g) => owned.some((u) => unitGroup(u.model.category) === g));
		let groups = present.filter((g) => rng.chance(INCLUDED[g]) || (must && g === 'office'));
		if (groups.length === 0) groups = [present[0]];

		for (const group of groups) {
			const index = out.contracts.length;
			const code = `${customer.code}/${group}`;
			const id = demoUuid(`contract:${code}`, 400_000 + index);
			const scenario: Scenario = must
				? 'active'
				: rng.weighted([['active', 74], ['expiring', 9], ['suspended', 2], ['draft', 4], ['expired', 5], ['terminated', 4]]);
			const shape = shapeFor(rng, scenario);
			const periodicity = rng.weighted(PERIODICITY[group]);
			const months = PERIOD_MONTHS[periodicity];

			// Terms: contiguous, each starting the day after the previous one ends.
			const first = shape.terms[0];
			const last = shape.terms[shape.terms.length - 1];
			for (const [k, t] of shape.terms.entries()) {
				out.terms.push({
					id: demoUuid(`term:${code}:${k + 1}`, 410_000 + index * 10 + k + 1),
					contractId: id,
					termNo: k + 1,
					startsOn: cal.monthStart(t.start),
					endsOn: cal.monthEnd(t.start + t.months - 1),
					renewedAutomatically: k > 0
				});
			}
			const startsOn = cal.monthStart(first.start);
			const lastEnd = cal.monthEnd(last.start + last.months - 1);
			created.set(id, minDate(startsOn, cal.today));

			// Covered units: the group's units at the customer while both the unit and the contract existed.
			const startedDaysAgo = -first.start * DAYS_PER_MONTH;
			const endedDaysAgo = shape.scenario === 'expired' || shape.scenario === 'terminated' ? -(last.start + last.months) * DAYS_PER_MONTH : null;
			const covered = (byCustomer.get(customer.code) ?? []).filter((u) => {
				if (unitGroup(u.model.category) !== group) return false;
				if (u.decommissionDaysAgo !== null && (shape.scenario === 'draft' || u.decommissionDaysAgo > startedDaysAgo - 31)) return false;
				if (endedDaysAgo !== null && u.installDaysAgo < endedDaysAgo + 31) return false;
				return true;
			});
			let feeEuro = 0;
			for (const [k, u] of covered.entries()) {
				const fromDate = maxDate(startsOn, cal.daysAgo(u.installDaysAgo));
				let toDate: string | null = null;
				if (u.decommissionDaysAgo !== null) toDate = maxDate(fromDate, cal.daysAgo(u.decommissionDaysAgo));
				if (shape.scenario === 'terminated') toDate = maxDate(fromDate, minDate(toDate ?? lastEnd, lastEnd));
				out.coverage.push({
					id: demoUuid(`coverage:${code}:${u.code}`, 420_000 + index * 40 + k),
					contractId: id,
					equipmentId: u.id,
					fromDate,
					toDate
				});
				if (u.decommissionDaysAgo === null) feeEuro += monthlyFee(rng, u);
			}
			const feePerPeriodCents = Math.max(2500, Math.round((feeEuro * months) / 5) * 500);

			out.contracts.push({
				id,
				code,
				number: '', // numbered below, per year in signing order
				customerCode: customer.code,
				status: STATUS[scenario],
				periodicity,
				billingTiming: rng.chance(ADVANCE[group]) ? 'advance' : 'arrears',
				feePerPeriodCents,
				slaCode: rng.weighted(SLA[group]),
				autoRenew: shape.autoRenew,
				renewalTermMonths: shape.renewalTermMonths,
				noticeDays: rng.weighted([[30, 20], [60, 30], [90, 50]]),
				notes: rng.pick(NOTES[group]),
				createdByEmail: `admin@${DEMO_EMAIL_DOMAIN}`
			});

			if (group !== 'office') continue;
			const live = covered.filter((u) => u.decommissionDaysAgo === null);
			const withMeter = (m: MeterCode) => live.filter((u) => u.model.meters.includes(m));
			const mono = withMeter('mono');
			const perDevice: boolean = !perDeviceDone && scenario === 'active' && mono.length >= 2;
			const volume: boolean = !volumeDone && !perDevice && scenario === 'active' && mono.length >= 1;
			perDeviceDone ||= perDevice;
			volumeDone ||= volume;
			const meterTerm = (t: Omit<MeterTermRow, 'id' | 'contractId'>, tiers: [number, string][]) => {
				const termId = demoUuid(`meter-term:${code}:${t.meterType}`, 430_000 + index * 8 + ['mono', 'colour', 'scans'].indexOf(t.meterType));
				out.meterTerms.push({ id: termId, contractId: id, ...t });
				for (const [k, [fromUnits, unitPrice]] of tiers.entries()) {
					out.tiers.push({ id: demoUuid(`tier:${code}:${t.meterType}:${fromUnits}`, 440_000 + index * 16 + k), meterTermId: termId, fromUnits, unitPrice });
				}
			};
			const devices = (list: PlannedUnit[]) => (perDevice ? 1 : Math.max(1, list.length));
			if (mono.length > 0) {
				const production = mono.some((u) => u.model.use === 'production');
				const unitPrice = production ? '0.004500' : rng.weighted([['0.008500', 5], ['0.007500', 1], ['0.009000', 2], ['0.010000', 1]] as const);
				const included = (production ? 20_000 : 1000) * months * devices(mono);
				meterTerm(
					{
						meterType: 'mono',
						includedPerPeriod: included,
						pooling: perDevice ? 'per_device' : 'pooled',
						tierMode: volume ? 'volume' : 'graduated',
						minimumChargeCents: rng.chance(0.2) ? rng.int(15, 60) * 100 : 0,
						unitPrice: volume ? '0.009000' : unitPrice
					},
					volume ? [[0, '0.009000'], [10_000, '0.007500'], [30_000, '0.006000']] : []
				);
			}
			const colour = withMeter('colour');
			if (colour.length > 0) {
				const graduated = rng.chance(0.5);
				meterTerm(
					{
						meterType: 'colour',
						includedPerPeriod: Math.max(50, Math.round((500 * months) / 3 / 50) * 50) * devices(colour),
						pooling: perDevice ? 'per_device' : 'pooled',
						tierMode: 'graduated',
						minimumChargeCents: 0,
						unitPrice: '0.065000'
					},
					graduated ? [[0, '0.065000'], [5_000, '0.055000'], ...(rng.chance(0.3) ? [[20_000, '0.045000'] as [number, string]] : [])] : []
				);
			}
			const scans = withMeter('scans');
			if (scans.length > 0 && rng.chance(0.15)) {
				meterTerm(
					{
						meterType: 'scans',
						includedPerPeriod: 2000 * months * devices(scans),
						pooling: perDevice ? 'per_device' : 'pooled',
						tierMode: 'graduated',
						minimumChargeCents: 0,
						unitPrice: '0.001000'
					},
					[]
				);
			}
		}
	}

	// Human numbers run per year of signing, in signing order: 2024/000001, 2024/000002...
	const sequence = new Map<string, number>();
	const ordered = [...out.contracts].sort((a, b) => created.get(a.id)!.localeCompare(created.get(b.id)!) || a.code.localeCompare(b.code));
	for (const c of ordered) {
		const year = created.get(c.id)!.slice(0, 4);
		const n = (sequence.get(year) ?? 0) + 1;
		sequence.set(year, n);
		c.number = `${year}/${String(n).padStart(6, '0')}`;
	}
	return out;
}
