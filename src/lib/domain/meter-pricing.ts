import Decimal from 'decimal.js';

/**
 * Cost-per-copy maths for a contract's meter term over one billing period.
 *
 * - Included volume: `pooled` shares one allowance of `includedPerPeriod` across all the
 *   contract's devices; `per_device` gives each device its own allowance (one device's unused
 *   copies do not pay for another's).
 * - Overage tiers are counted in units ABOVE the included volume. A tier `{ fromUnits: 1000 }`
 *   prices the overage units after the first 1000 (the 1001st onwards). Below the first tier the
 *   term's own `unitPrice` applies.
 * - `graduated`: each band at its own price. `volume`: every overage unit at the price of the
 *   band the last unit reached.
 * - Each line (band, per device when per_device) is rounded to the cent half-up; the minimum
 *   charge applies to the meter term's total for the period.
 */

export type TierMode = 'graduated' | 'volume';
export type Pooling = 'pooled' | 'per_device';
export type Tier = { fromUnits: number; unitPrice: string };
export type MeterTermPricing = {
	includedPerPeriod: number;
	pooling: Pooling;
	tierMode: TierMode;
	unitPrice: string;
	minimumChargeCents: number;
	tiers: readonly Tier[];
};
export type DeviceUsage = { equipmentId: string; units: number };
export type Usage = { total: number } | { devices: readonly DeviceUsage[] };

export type ChargeLine = {
	equipmentId: string | null;
	/** First overage unit of the band (0 = right after the included volume). */
	fromUnits: number;
	units: number;
	/** EUR per unit, always 6 decimals ("0.008500"). */
	unitPrice: string;
	amountCents: number;
};
export type MeterCharge = {
	totalUnits: number;
	includedUnits: number;
	overageUnits: number;
	lines: ChargeLine[];
	subtotalCents: number;
	minimumChargeCents: number;
	minimumApplied: boolean;
	totalCents: number;
};

export const UNIT_PRICE_DECIMALS = 6;
/** numeric(14,6): at most 8 digits before the decimal mark. */
const MAX_UNIT_PRICE = new Decimal('99999999.999999');
const UNIT_PRICE_TEXT = /^\d{1,8}([.,]\d{1,6})?$/;

/** "0,0085", "0.0085" or 0.0085 -> "0.008500"; null for anything negative, malformed or with more than 6 decimals. */
export function normaliseUnitPrice(value: string | number): string | null {
	const text = typeof value === 'number' ? (Number.isFinite(value) ? new Decimal(value).toFixed() : '') : value.trim();
	if (!UNIT_PRICE_TEXT.test(text)) return null;
	const d = new Decimal(text.replace(',', '.'));
	if (d.gt(MAX_UNIT_PRICE)) return null;
	return d.toFixed(UNIT_PRICE_DECIMALS);
}

/**
 * Euro as people type them in Italy -> integer cents: "1.234,50", "1234,5", "1234.50", "90".
 * A dot followed by exactly three digits is a thousands separator ("1.234" = 1234 €). Null when
 * unreadable, negative or with more than two decimals.
 */
export function parseEuroCents(text: string): number | null {
	let v = text.trim().replace(/\s|€/g, '');
	if (v === '') return null;
	if (v.includes(',')) {
		if (!/^\d{1,3}(\.\d{3})*,\d{1,2}$|^\d+,\d{1,2}$/.test(v)) return null;
		v = v.replace(/\./g, '').replace(',', '.');
	} else if (/^\d{1,3}(\.\d{3})+$/.test(v)) {
		v = v.replace(/\./g, '');
	} else if (!/^\d+(\.\d{1,2})?$/.test(v)) return null;
	const cents = new Decimal(v).times(100);
	if (!cents.isInteger() || cents.gt(Number.MAX_SAFE_INTEGER)) return null;
	return cents.toNumber();
}

/** Cents -> "1234,50" (what an Italian input field shows back). */
export function centsToEuroInput(cents: number): string {
	return new Decimal(cents).dividedBy(100).toFixed(2).replace('.', ',');
}

export type TermProblem = { field: string; message: string };

/** Everything wrong with a meter term's numbers (empty when it can be stored). */
export function meterTermProblems(term: { includedPerPeriod: number; minimumChargeCents: number; unitPrice: string; tiers: readonly { fromUnits: number; unitPrice: string }[] }): TermProblem[] {
	const problems: TermProblem[] = [];
	if (!Number.isSafeInteger(term.includedPerPeriod) || term.includedPerPeriod < 0) problems.push({ field: 'includedPerPeriod', message: 'must be a whole number from 0' });
	if (!Number.isSafeInteger(term.minimumChargeCents) || term.minimumChargeCents < 0) problems.push({ field: 'minimumChargeCents', message: 'must be whole cents from 0' });
	if (normaliseUnitPrice(term.unitPrice) === null) problems.push({ field: 'unitPrice', message: 'must be a price from 0 with at most 6 decimals' });
	term.tiers.forEach((tier, i) => {
		if (!Number.isSafeInteger(tier.fromUnits) || tier.fromUnits < 0) problems.push({ field: `tiers.${i}.fromUnits`, message: 'must be a whole number from 0' });
		else if (i > 0 && tier.fromUnits <= term.tiers[i - 1].fromUnits) problems.push({ field: `tiers.${i}.fromUnits`, message: 'tiers must be in ascending order of fromUnits' });
		if (normaliseUnitPrice(tier.unitPrice) === null) problems.push({ field: `tiers.${i}.unitPrice`, message: 'must be a price from 0 with at most 6 decimals' });
	});
	return problems;
}

type Band = { fromUnits: number; toUnits: number | null; price: Decimal };

function bands(term: MeterTermPricing): Band[] {
	const tiers = [...term.tiers].sort((a, b) => a.fromUnits - b.fromUnits);
	const out: Band[] = [];
	const firstFrom = tiers[0]?.fromUnits ?? null;
	if (firstFrom === null || firstFrom > 0) out.push({ fromUnits: 0, toUnits: firstFrom, price: new Decimal(term.unitPrice) });
	tiers.forEach((t, i) => out.push({ fromUnits: t.fromUnits, toUnits: tiers[i + 1]?.fromUnits ?? null, price: new Decimal(t.unitPrice) }));
	return out;
}

function cents(units: number, price: Decimal): number {
	return price.times(units).times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}

function overageLines(term: MeterTermPricing, overage: number, equipmentId: string | null): ChargeLine[] {
	if (overage <= 0) return [];
	const all = bands(term);
	if (term.tierMode === 'volume') {
		// The band holding the last overage unit (unit number overage - 1, counted from 0).
		const reached = all.filter((b) => b.fromUnits <= overage - 1).at(-1)!;
		return [{ equipmentId, fromUnits: 0, units: overage, unitPrice: reached.price.toFixed(UNIT_PRICE_DECIMALS), amountCents: cents(overage, reached.price) }];
	}
	const lines: ChargeLine[] = [];
	for (const band of all) {
		if (band.fromUnits >= overage) break;
		const upTo = band.toUnits === null ? overage : Math.min(band.toUnits, overage);
		const units = upTo - band.fromUnits;
		if (units > 0) lines.push({ equipmentId, fromUnits: band.fromUnits, units, unitPrice: band.price.toFixed(UNIT_PRICE_DECIMALS), amountCents: cents(units, band.price) });
	}
	return lines;
}

function checkUnits(units: number, what: string): void {
	if (!Number.isSafeInteger(units) || units < 0) throw new RangeError(`${what} must be a whole number from 0`);
}

/** The overage charge for one meter term over one period. */
export function meterCharge(term: MeterTermPricing, usage: Usage): MeterCharge {
	const problems = meterTermProblems(term);
	if (problems.length) throw new RangeError(`${problems[0].field}: ${problems[0].message}`);
	let lines: ChargeLine[];
	let totalUnits: number;
	let includedUnits: number;
	if (term.pooling === 'per_device') {
		const devices = 'devices' in usage ? usage.devices : null;
		if (!devices) throw new RangeError('a per-device meter term needs usage per device');
		devices.forEach((d) => checkUnits(d.units, 'usage'));
		totalUnits = devices.reduce((s, d) => s + d.units, 0);
		includedUnits = devices.reduce((s, d) => s + Math.min(d.units, term.includedPerPeriod), 0);
		lines = devices.flatMap((d) => overageLines(term, d.units - term.includedPerPeriod, d.equipmentId));
	} else {
		totalUnits = 'total' in usage ? usage.total : usage.devices.reduce((s, d) => s + d.units, 0);
		if ('devices' in usage) usage.devices.forEach((d) => checkUnits(d.units, 'usage'));
		checkUnits(totalUnits, 'usage');
		includedUnits = Math.min(totalUnits, term.includedPerPeriod);
		lines = overageLines(term, totalUnits - term.includedPerPeriod, null);
	}
	const subtotalCents = lines.reduce((s, l) => s + l.amountCents, 0);
	const minimumApplied = subtotalCents < term.minimumChargeCents;
	return {
		totalUnits,
		includedUnits,
		overageUnits: totalUnits - includedUnits,
		lines,
		subtotalCents,
		minimumChargeCents: term.minimumChargeCents,
		minimumApplied,
		totalCents: minimumApplied ? term.minimumChargeCents : subtotalCents
	};
}
