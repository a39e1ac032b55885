import { centsToEuroInput, parseEuroCents } from '$lib/domain/meter-pricing';

/**
 * The meter terms editor works on text as people type it (Italian commas included); the form
 * posts it as JSON in one hidden field and the server action turns it into the API's shape.
 * Unreadable numbers are passed through unchanged so the service names the field at fault.
 */
export type TierDraft = { fromUnits: string; unitPrice: string };
export type MeterTermDraft = {
	meterType: string;
	includedPerPeriod: string;
	pooling: 'pooled' | 'per_device';
	tierMode: 'graduated' | 'volume';
	unitPrice: string;
	minimumCharge: string;
	tiers: TierDraft[];
};

export function emptyMeterTerm(meterType: string): MeterTermDraft {
	return { meterType, includedPerPeriod: '0', pooling: 'pooled', tierMode: 'graduated', unitPrice: '', minimumCharge: '', tiers: [] };
}

function wholeNumber(text: string): number | string {
	const t = text.trim().replace(/\./g, '');
	return /^\d{1,15}$/.test(t) ? Number(t) : text;
}

export function meterTermsFromDrafts(drafts: readonly MeterTermDraft[]) {
	return drafts.map((d) => ({
		meterType: d.meterType,
		includedPerPeriod: d.includedPerPeriod.trim() === '' ? 0 : wholeNumber(d.includedPerPeriod),
		pooling: d.pooling,
		tierMode: d.tierMode,
		unitPrice: d.unitPrice.trim(),
		minimumChargeCents: d.minimumCharge.trim() === '' ? 0 : (parseEuroCents(d.minimumCharge) ?? d.minimumCharge),
		tiers: d.tiers.map((t) => ({ fromUnits: wholeNumber(t.fromUnits), unitPrice: t.unitPrice.trim() }))
	}));
}

/** The posted hidden field -> API input; anything but a JSON array of drafts is passed on for the service to refuse. */
export function meterTermsFromField(value: FormDataEntryValue | null): unknown {
	if (value === null || value === '') return [];
	try {
		const parsed = JSON.parse(String(value));
		return Array.isArray(parsed) ? meterTermsFromDrafts(parsed as MeterTermDraft[]) : parsed;
	} catch {
		return String(value);
	}
}

/** A stored term -> editor text, prices with the Italian comma and no trailing zeros. */
export function draftFromTerm(t: { meterType: string; includedPerPeriod: number; pooling: 'pooled' | 'per_device'; tierMode: 'graduated' | 'volume'; unitPrice: string; minimumChargeCents: number; tiers: { fromUnits: number; unitPrice: string }[] }): MeterTermDraft {
	const price = (p: string) => p.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '').replace('.', ',');
	return {
		meterType: t.meterType,
		includedPerPeriod: String(t.includedPerPeriod),
		pooling: t.pooling,
		tierMode: t.tierMode,
		unitPrice: price(t.unitPrice),
		minimumCharge: t.minimumChargeCents ? centsToEuroInput(t.minimumChargeCents) : '',
		tiers: t.tiers.map((x) => ({ fromUnits: String(x.fromUnits), unitPrice: price(x.unitPrice) }))
	};
}
