/**
 * The demo company's installed base, planned without I/O: ~900 units at the demo customers'
 * sites with their meters, site history and 12 months of readings (one counter rollover, one
 * meter replacement, one reading waiting in review). Shapes and ids depend only on fixed PRNG
 * seeds and codes (U0001...); dates are offsets from the day the seed runs (see demo-dates.ts).
 */
import { serialKey } from '../../domain/serial';
import {
	MODELS,
	modelKey,
	serialFormat,
	type CatalogueModel,
	type Category,
	type MeterCode,
	type ModelUse
} from './demo-catalogue';
import { pad } from './demo-constants';
import { DemoCalendar } from './demo-dates';
import type { CustomerKind } from './demo-names';
import type { DemoPlan } from './demo-plan';
import { Rng, demoUuid } from './random';

export const DEMO_UNIT_COUNT = 900;
/** Readings span this many monthly intervals: 12 months of usage. */
const MONTHLY_READINGS = 13;
const DAYS_PER_MONTH = 30.44;
/** The production press whose 7-digit counter wraps during the year. */
const ROLLOVER_MONTHLY_VOLUME = 112_000;
const ROLLOVER_DAYS_AGO = 170;
/** The outlier: usage this many times the recent daily average. */
const OUTLIER_FACTOR = 3.5;

export type Status = 'active' | 'under_repair' | 'standby' | 'decommissioned';
export type Channel = 'remote' | 'customer' | 'technician';
export type Special = 'rollover' | 'replacement' | 'outlier';

export type PlannedUnit = {
	code: string;
	id: string;
	customerCode: string;
	siteId: string;
	model: CatalogueModel;
	serialNumber: string;
	status: Status;
	installDaysAgo: number;
	decommissionDaysAgo: number | null;
	attributes: Record<string, string | number | boolean>;
	notes: string | null;
	channel: Channel;
	/** Months between readings. */
	readEvery: 1 | 2 | 3;
	/** Days between the latest reading and today, before jitter. */
	phase: number;
	/** Monthly volume per meter. */
	volumes: Partial<Record<MeterCode, number>>;
	special: Special | null;
	/** Set when the unit first stood at another site of the customer. */
	move: { fromSiteId: string; daysAgo: number } | null;
	/** Who reads it on site: a technician with the matching skill. */
	technicianEmail: string;
};

export type EquipmentRow = {
	id: string;
	modelKey: string;
	brand: string;
	serialNumber: string;
	serialKey: string;
	siteId: string;
	status: Status;
	installDate: string;
	warrantyEnd: string;
	attributes: Record<string, string | number | boolean>;
	notes: string | null;
};
export type HistoryRow = { id: string; equipmentId: string; siteId: string; fromAt: Date; toAt: Date | null; reason: string };
export type MeterRow = { id: string; equipmentId: string; meterType: MeterCode; maxValue: number | null };
export type ReadingRow = {
	id: string;
	meterId: string;
	value: number;
	readAt: Date;
	source: 'technician' | 'customer' | 'remote' | 'estimated';
	kind: 'normal' | 'rollover' | 'replacement';
	previousMeterFinalValue: number | null;
	validForBilling: boolean;
	status: 'accepted' | 'review';
	reviewReason: string | null;
	reason: string | null;
	/** Resolved to a user id at insert time (users may predate the seed). */
	enteredByEmail: string | null;
	/** For tests and the summary: which unit it belongs to. */
	equipmentId: string;
};

export type InstalledBase = {
	units: PlannedUnit[];
	equipment: EquipmentRow[];
	history: HistoryRow[];
	meters: MeterRow[];
	readings: ReadingRow[];
};

// ---------------------------------------------------------------------------------------------
// What each kind of customer has

type Want = Partial<Record<ModelUse | 'copier' | 'printer', number>>;

function wantFor(rng: Rng, kind: CustomerKind, hq: boolean): Want {
	const n = (min: number, max: number) => rng.int(min, max);
	const maybe = (p: number, min = 1, max = 1) => (rng.chance(p) ? n(min, max) : 0);
	if (!hq) {
		// Warehouses and branches: a printer, some air conditioning, rarely a copier or a goods lift.
		return { copier: maybe(0.35), printer: maybe(0.4), split: maybe(0.45, 1, 2), lift: maybe(0.08) };
	}
	switch (kind) {
		case 'srl':
			return { copier: n(0, 2), printer: maybe(0.5, 1, 2), split: maybe(0.5, 1, 2), central: maybe(0.08), lift: maybe(0.12), ups: maybe(0.08) };
		case 'spa':
			return { copier: n(1, 3), printer: n(0, 2), split: maybe(0.4, 1, 2), central: maybe(0.5), lift: maybe(0.5, 1, 2), ups: maybe(0.3), production: maybe(0.15) };
		case 'snc':
		case 'sas':
			return { copier: maybe(0.6), printer: maybe(0.4), split: maybe(0.35) };
		case 'studio':
			return { copier: n(1, 2), printer: maybe(0.35), split: maybe(0.35) };
		case 'condominio':
			return { lift: n(1, 3), central: maybe(0.2) };
		case 'scuola':
			return { copier: n(1, 3), printer: maybe(0.6, 1, 2), central: maybe(0.4), lift: maybe(0.4) };
		case 'farmacia':
			return { copier: maybe(0.4), printer: n(1, 2), split: maybe(0.5) };
		case 'hotel':
			return { copier: 1, printer: maybe(0.4), split: n(2, 5), central: maybe(0.5), lift: n(1, 2), ups: maybe(0.2) };
		case 'coop':
			return { copier: n(1, 2), printer: maybe(0.3), split: maybe(0.3), lift: maybe(0.2) };
		case 'clinica':
			return { copier: n(1, 2), printer: n(1, 3), split: n(1, 3), central: n(1, 2), lift: n(1, 2), ups: maybe(0.6) };
	}
}

const byUse = (use: ModelUse[], category?: Category) =>
	MODELS.filter((m) => use.includes(m.use) && (category === undefined || m.category === category)).map(
		(m) => [m, m.weight] as const
	);
const COLOUR_COPIERS = byUse(['office'], 'copier_colour');
const MONO_COPIERS = byUse(['office', 'office_a4'], 'copier_mono');
const PRINTERS = byUse(['office_a4'], 'printer');

function pickModel(rng: Rng, what: keyof Want): CatalogueModel {
	switch (what) {
		case 'copier':
			return rng.weighted(rng.chance(0.55) ? COLOUR_COPIERS : MONO_COPIERS);
		case 'printer':
			return rng.weighted(PRINTERS);
		default:
			return rng.weighted(byUse([what]));
	}
}

const LIFT_CAPACITY: [number, number][] = [[320, 1], [480, 3], [630, 5], [900, 2], [1000, 2], [1275, 1]];

export function attributesFor(rng: Rng, model: CatalogueModel, kind: CustomerKind): Record<string, string | number | boolean> {
	switch (model.category) {
		case 'lift': {
			const bed = kind === 'clinica' && rng.chance(0.5);
			const stops = kind === 'condominio' ? rng.int(3, 9) : kind === 'hotel' || kind === 'clinica' ? rng.int(3, 7) : rng.int(2, 4);
			return { capacity_kg: bed ? 1600 : rng.weighted(LIFT_CAPACITY), stops };
		}
		case 'hvac':
			return { refrigerant: model.hvac!.refrigerant, power_kw: model.hvac!.powerKw };
		case 'copier_mono':
		case 'copier_colour':
			return { finisher: model.use === 'production' || rng.chance(0.35) };
		default:
			return {};
	}
}

const UNIT_NOTES = [
	'Macchina in comodato d’uso',
	'Vano macchina: chiave in portineria',
	'Collegata al server di stampa del cliente',
	'Contatore letto dal collettore remoto',
	'Installata al piano interrato, accesso dal montacarichi',
	'Referente: ufficio amministrazione'
];

// ---------------------------------------------------------------------------------------------
// Units

type Skeleton = {
	customer: DemoPlan['customers'][number];
	siteId: string;
	model: CatalogueModel;
};

function technicianPool(plan: DemoPlan): Record<'office' | 'hvac' | 'lift', string[]> {
	const has = (codes: string[]) =>
		plan.technicians.filter((t) => t.skills.some(([code]) => codes.includes(code))).map((t) => t.email);
	return { office: has(['copier_mono', 'copier_colour', 'printer']), hvac: has(['hvac']), lift: has(['lift']) };
}

export const unitGroup = (category: Category): 'office' | 'hvac' | 'lift' =>
	category === 'hvac' ? 'hvac' : category === 'lift' ? 'lift' : 'office';

function planSkeletons(rng: Rng, plan: DemoPlan): Skeleton[] {
	const out: Skeleton[] = [];
	for (const customer of plan.customers) {
		// Ceased customers keep no installed base; a few others only call for one-off jobs.
		if (!customer.active || rng.chance(0.08)) continue;
		for (const [k, site] of customer.sites.entries()) {
			const want = wantFor(rng, customer.kind, k === 0);
			for (const [what, count] of Object.entries(want) as [keyof Want, number][]) {
				for (let i = 0; i < count; i++) out.push({ customer, siteId: site.id, model: pickModel(rng, what) });
			}
		}
	}
	// Exactly DEMO_UNIT_COUNT: drop random units, or add copiers and printers at random offices.
	while (out.length > DEMO_UNIT_COUNT) out.splice(rng.int(0, out.length - 1), 1);
	const offices = plan.customers.filter((c) => c.active && c.kind !== 'condominio');
	while (out.length < DEMO_UNIT_COUNT) {
		const customer = rng.pick(offices);
		const site = customer.sites[0];
		const at = out.findIndex((s) => s.customer.code > customer.code);
		const unit = { customer, siteId: site.id, model: pickModel(rng, rng.chance(0.6) ? 'copier' : 'printer') };
		out.splice(at < 0 ? out.length : at, 0, unit);
	}
	return out;
}

/** The units that carry the rollover, the replacement and the outlier, found by fixed rules. */
function chooseSpecials(skeletons: Skeleton[]): Map<number, Special> {
	const specials = new Map<number, Special>();
	const find = (test: (s: Skeleton) => boolean, what: string) => {
		const i = skeletons.findIndex((s, i) => !specials.has(i) && test(s));
		if (i < 0) throw new Error(`demo installed base: no unit for the ${what}`);
		return i;
	};
	const production = find((s) => s.model.use === 'production', 'rollover');
	specials.set(production, 'rollover');
	specials.set(find((s) => s.model.model === 'LaserJet Enterprise M611dn', 'replacement'), 'replacement');
	specials.set(find((s) => s.model.category === 'copier_colour' && s.model.meters.includes('mono'), 'outlier'), 'outlier');
	return specials;
}

function planUnits(plan: DemoPlan): PlannedUnit[] {
	const rng = new Rng('installed-base');
	const skeletons = planSkeletons(rng, plan);
	const specials = chooseSpecials(skeletons);
	const technicians = technicianPool(plan);
	const usedSerials = new Map<string, Set<string>>();
	const units: PlannedUnit[] = [];

	for (const [i, s] of skeletons.entries()) {
		const code = `U${pad(i + 1, 4)}`;
		const special = specials.get(i) ?? null;
		const { model, customer } = s;

		let status: Status = rng.weighted([['active', 90], ['under_repair', 3], ['standby', 4], ['decommissioned', 3]]);
		let installDaysAgo = rng.int(14, 8 * 365);
		if (special) {
			status = 'active';
			installDaysAgo = special === 'rollover' ? 2750 : Math.max(installDaysAgo, 900);
		}
		let decommissionDaysAgo: number | null = null;
		if (status === 'decommissioned') {
			installDaysAgo = Math.max(installDaysAgo, 730);
			decommissionDaysAgo = rng.int(20, Math.min(installDaysAgo - 180, 700));
		}

		const group = unitGroup(model.category);
		let channel: Channel =
			group === 'office'
				? rng.weighted([['remote', 55], ['customer', 25], ['technician', 20]])
				: group === 'hvac'
					? model.use === 'central' && rng.chance(0.6)
						? 'remote'
						: 'technician'
					: 'technician';
		if (special === 'rollover') channel = 'remote';
		if (special === 'outlier') channel = 'customer';
		const readEvery: 1 | 2 | 3 =
			group === 'office' || channel === 'remote' ? 1 : group === 'hvac' ? 3 : rng.chance(0.7) ? 1 : 2;

		const volumes: Partial<Record<MeterCode, number>> = {};
		for (const meter of model.meters) {
			const [min, max] = model.volumes[meter]!;
			let monthly = rng.logReal(min, max);
			if (status === 'standby') monthly *= 0.35;
			volumes[meter] = monthly;
		}
		if (special === 'rollover') volumes.mono = ROLLOVER_MONTHLY_VOLUME;

		const brandSerials = usedSerials.get(model.brand) ?? new Set<string>();
		usedSerials.set(model.brand, brandSerials);
		const made = 2026 - Math.floor(installDaysAgo / 365);
		let serialNumber: string;
		do serialNumber = serialFormat(model.brand)(rng, made, rng.int(1, 52));
		while (brandSerials.has(serialKey(serialNumber)));
		brandSerials.add(serialKey(serialNumber));

		const otherSites = customer.sites.filter((x) => x.id !== s.siteId);
		const move =
			!special && otherSites.length > 0 && installDaysAgo > 400 && rng.chance(0.06)
				? { fromSiteId: rng.pick(otherSites).id, daysAgo: rng.int(60, installDaysAgo - 120) }
				: null;

		units.push({
			code,
			id: demoUuid(`unit:${code}`, 100_000 + i + 1),
			customerCode: customer.code,
			siteId: s.siteId,
			model,
			serialNumber,
			status,
			installDaysAgo,
			decommissionDaysAgo,
			attributes: attributesFor(rng, model, customer.kind),
			notes: rng.chance(0.05) ? rng.pick(UNIT_NOTES) : null,
			channel,
			readEvery,
			phase: rng.int(1, 20),
			volumes,
			special,
			move,
			technicianEmail: rng.pick(technicians[group])
		});
	}
	return units;
}

// ---------------------------------------------------------------------------------------------
// Readings

/** Offices close in August and slow down at Christmas; air conditioning peaks in summer. */
function seasonal(group: 'office' | 'hvac' | 'lift', month: number): number {
	if (group === 'office') return month === 8 ? 0.7 : month === 12 ? 0.85 : 1;
	if (group === 'lift') return month === 8 ? 0.75 : 1;
	return [1.1, 1.0, 0.85, 0.7, 0.85, 1.15, 1.3, 1.25, 1.0, 0.8, 0.9, 1.1][month - 1];
}

type ReadingEvent = { daysAgo: number; date: string; at: Date; source: ReadingRow['source']; enteredByEmail: string | null; kind: 'normal' | 'replacement' };

function readingEvents(rng: Rng, unit: PlannedUnit, cal: DemoCalendar, dispatcher: string): ReadingEvent[] {
	const count = unit.readEvery === 1 ? MONTHLY_READINGS : unit.readEvery === 2 ? 7 : 5;
	const events: ReadingEvent[] = [];
	for (let k = 0; k < count; k++) {
		const daysAgo = unit.phase + Math.round((count - 1 - k) * unit.readEvery * DAYS_PER_MONTH) + rng.int(-2, 2);
		const estimated = unit.special === null && unit.channel !== 'technician' && rng.chance(unit.channel === 'remote' ? 0.04 : 0.08);
		if (daysAgo < 1 || daysAgo > unit.installDaysAgo - 10) continue;
		if (unit.decommissionDaysAgo !== null && daysAgo <= unit.decommissionDaysAgo + 2) continue;
		const source: ReadingRow['source'] = estimated ? 'estimated' : unit.channel;
		const date = cal.daysAgo(daysAgo);
		const [hour, minute] =
			source === 'remote' ? [5, rng.int(0, 59)] : source === 'estimated' ? [6, 0] : source === 'customer' ? [rng.int(9, 12), rng.int(0, 59)] : [rng.int(8, 17), rng.int(0, 59)];
		events.push({
			daysAgo,
			date,
			at: cal.at(date, hour, minute),
			source,
			enteredByEmail: source === 'technician' ? unit.technicianEmail : source === 'customer' ? dispatcher : null,
			kind: 'normal'
		});
	}
	if (unit.special === 'replacement') {
		// The technician swaps the formatter board between two monthly readings.
		const k = Math.floor(events.length / 2);
		const daysAgo = Math.round((events[k - 1].daysAgo + events[k].daysAgo) / 2);
		const date = cal.daysAgo(daysAgo);
		events.splice(k, 0, {
			daysAgo,
			date,
			at: cal.at(date, 11, 20),
			source: 'technician',
			enteredByEmail: unit.technicianEmail,
			kind: 'replacement'
		});
	}
	return events;
}

const METER_ORDER: MeterCode[] = ['mono', 'colour', 'scans', 'hours', 'cycles'];

function planReadings(units: PlannedUnit[], meters: MeterRow[], cal: DemoCalendar, dispatcher: string): ReadingRow[] {
	const rng = new Rng('readings');
	const out: ReadingRow[] = [];
	const metersByUnit = new Map<string, MeterRow[]>();
	for (const m of meters) metersByUnit.set(m.equipmentId, [...(metersByUnit.get(m.equipmentId) ?? []), m]);

	for (const [u, unit] of units.entries()) {
		const unitMeters = metersByUnit.get(unit.id) ?? [];
		if (unitMeters.length === 0) continue;
		const events = readingEvents(rng, unit, cal, dispatcher);
		const group = unitGroup(unit.model.category);
		for (const meter of unitMeters) {
			const daily = unit.volumes[meter.meterType]! / DAYS_PER_MONTH;
			const start = meter.meterType === 'hours' ? rng.int(5, 20) : meter.meterType === 'cycles' ? rng.int(100, 400) : rng.int(50, 400);
			let total = 0; // usage since installation, across meter replacements
			let offset = 0; // what the current physical meter showed when it was fitted, minus `total` then
			const values: number[] = [];
			for (const [k, e] of events.entries()) {
				const days = k === 0 ? unit.installDaysAgo - e.daysAgo : events[k - 1].daysAgo - e.daysAgo;
				const month = Number(e.date.slice(5, 7));
				const noise = e.source === 'estimated' || k === 0 ? 1 : rng.real(0.85, 1.15);
				total += daily * days * (k === 0 ? rng.real(0.85, 1.1) : seasonal(group, month) * noise);
				if (k === 0) total += start;

				let value = Math.round(total) + offset;
				let kind: ReadingRow['kind'] = 'normal';
				let previousMeterFinalValue: number | null = null;
				let status: ReadingRow['status'] = 'accepted';
				let reviewReason: string | null = null;
				let reason: string | null = null;

				if (unit.special === 'rollover' && meter.meterType === 'mono') {
					// Started close enough to 9,999,999 to wrap about ROLLOVER_DAYS_AGO days ago.
					if (k === 0) offset = 10_000_000 - Math.round(total + daily * (e.daysAgo - ROLLOVER_DAYS_AGO));
					const unwrapped = Math.round(total) + offset;
					value = unwrapped % 10_000_000;
					if (k > 0 && unwrapped >= 10_000_000 && values[k - 1] > value) kind = 'rollover';
				}
				if (e.kind === 'replacement' && meter.meterType === unit.model.meters[0]) {
					kind = 'replacement';
					previousMeterFinalValue = value;
					offset = 3 - Math.round(total); // the new board has printed its test pages
					value = 3;
					reason = 'Sostituzione scheda formatter: il nuovo contatore riparte da zero';
				}
				if (unit.special === 'outlier' && meter.meterType === 'mono' && k === events.length - 1) {
					// Three intervals back: the "recent average" the review rule compares with.
					const back = Math.min(3, k - 1);
					const avg = (values[k - 1] - values[k - 1 - back]) / (events[k - 1 - back].daysAgo - events[k - 1].daysAgo);
					value = values[k - 1] + Math.round(OUTLIER_FACTOR * avg * days);
					total = value - offset;
					status = 'review';
					// The machine-readable form the review queue turns into a sentence (src/lib/server/readings/refusal.ts).
					const expected = Math.round(avg * days);
					reviewReason = `above_expected usage=${value - values[k - 1]} expected=${expected} min=${Math.round(expected * 0.4)} max=${Math.round(expected * 1.6)} days=${days}`;
				}
				values.push(value);
				out.push({
					id: demoUuid(`reading:${unit.code}:${meter.meterType}:${k}`, 1_000_000 + (u * 8 + METER_ORDER.indexOf(meter.meterType)) * 20 + k),
					meterId: meter.id,
					value,
					readAt: e.at,
					source: e.source,
					kind,
					previousMeterFinalValue,
					validForBilling: status === 'accepted',
					status,
					reviewReason,
					reason,
					enteredByEmail: e.enteredByEmail,
					equipmentId: unit.id
				});
			}
		}
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// Rows

function historyFor(unit: PlannedUnit, cal: DemoCalendar): HistoryRow[] {
	const installedAt = cal.at(cal.daysAgo(unit.installDaysAgo), 9, 0);
	const row = (k: number, siteId: string, fromAt: Date, toAt: Date | null, reason: string): HistoryRow => ({
		id: demoUuid(`history:${unit.code}:${k}`, 200_000 + Number(unit.code.slice(1)) * 4 + k),
		equipmentId: unit.id,
		siteId,
		fromAt,
		toAt,
		reason
	});
	if (!unit.move) return [row(0, unit.siteId, installedAt, null, 'Installazione')];
	const movedAt = cal.at(cal.daysAgo(unit.move.daysAgo), 10, 30);
	return [
		row(0, unit.move.fromSiteId, installedAt, movedAt, 'Installazione'),
		row(1, unit.siteId, movedAt, null, 'Trasferimento presso altra sede del cliente')
	];
}

function equipmentRow(unit: PlannedUnit, cal: DemoCalendar): EquipmentRow {
	const installDate = cal.daysAgo(unit.installDaysAgo);
	return {
		id: unit.id,
		modelKey: modelKey(unit.model),
		brand: unit.model.brand,
		serialNumber: unit.serialNumber,
		serialKey: serialKey(unit.serialNumber),
		siteId: unit.siteId,
		status: unit.status,
		installDate,
		warrantyEnd: cal.addMonths(installDate, 24),
		attributes: unit.attributes,
		notes: unit.notes
	};
}

function metersFor(unit: PlannedUnit): MeterRow[] {
	return unit.model.meters.map((meterType) => ({
		id: demoUuid(`meter:${unit.code}:${meterType}`, 300_000 + Number(unit.code.slice(1)) * 8 + METER_ORDER.indexOf(meterType)),
		equipmentId: unit.id,
		meterType,
		maxValue: meterType === 'hours' || meterType === 'cycles' ? null : unit.model.maxValue
	}));
}

let unitsCache: { plan: DemoPlan; units: PlannedUnit[] } | undefined;

/** The units alone (no dates): what contracts and the large-scale seed build on. */
export function planDemoUnits(plan: DemoPlan): PlannedUnit[] {
	if (unitsCache?.plan !== plan) unitsCache = { plan, units: planUnits(plan) };
	return unitsCache.units;
}

export function planInstalledBase(plan: DemoPlan, cal: DemoCalendar): InstalledBase {
	const units = planDemoUnits(plan);
	const dispatcher = plan.users.find((u) => u.role === 'dispatcher')!.email;
	const meters = units.flatMap(metersFor);
	return {
		units,
		equipment: units.map((u) => equipmentRow(u, cal)),
		history: units.flatMap((u) => historyFor(u, cal)),
		meters,
		readings: planReadings(units, meters, cal, dispatcher)
	};
}
