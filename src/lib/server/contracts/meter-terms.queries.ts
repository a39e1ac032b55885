import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { meterTerms, meterTermTiers, meterTypes } from '../db/schema';
import { uuidv7 } from '../ids';

export type MeterTermInput = {
	meterType: string;
	includedPerPeriod: number;
	pooling: 'pooled' | 'per_device';
	tierMode: 'graduated' | 'volume';
	minimumChargeCents: number;
	unitPrice: string;
	tiers: { fromUnits: number; unitPrice: string }[];
};
export type MeterTermView = MeterTermInput & { id: string };

export async function knownMeterTypes(db: Db, codes: string[]): Promise<Set<string>> {
	if (codes.length === 0) return new Set();
	const rows = await db.select({ code: meterTypes.code }).from(meterTypes).where(inArray(meterTypes.code, codes));
	return new Set(rows.map((r) => r.code));
}

/** A contract's meter terms with their tiers in ascending order. */
export async function listMeterTerms(db: Db, contractId: string): Promise<MeterTermView[]> {
	const terms = await db.select().from(meterTerms).where(eq(meterTerms.contractId, contractId)).orderBy(asc(meterTerms.meterType));
	if (terms.length === 0) return [];
	const tiers = await db
		.select()
		.from(meterTermTiers)
		.where(
			inArray(
				meterTermTiers.meterTermId,
				terms.map((t) => t.id)
			)
		)
		.orderBy(asc(meterTermTiers.fromUnits));
	return terms.map((t) => ({
		id: t.id,
		meterType: t.meterType,
		includedPerPeriod: t.includedPerPeriod,
		pooling: t.pooling,
		tierMode: t.tierMode,
		minimumChargeCents: t.minimumChargeCents,
		unitPrice: t.unitPrice,
		tiers: tiers.filter((x) => x.meterTermId === t.id).map((x) => ({ fromUnits: x.fromUnits, unitPrice: x.unitPrice }))
	}));
}

/** Replaces the whole set (tiers go with their term by cascade). Run inside the caller's transaction. */
export async function replaceMeterTerms(db: Db, contractId: string, terms: MeterTermInput[]): Promise<void> {
	await db.delete(meterTerms).where(eq(meterTerms.contractId, contractId));
	for (const term of terms) {
		const id = uuidv7();
		const { tiers, ...fields } = term;
		await db.insert(meterTerms).values({ id, contractId, ...fields });
		if (tiers.length) await db.insert(meterTermTiers).values(tiers.map((tier) => ({ id: uuidv7(), meterTermId: id, ...tier })));
	}
}
