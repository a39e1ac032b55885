import { and, asc, desc, eq, inArray, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { comuni } from '../db/schema';

export type ComuneRow = {
	istat: string;
	name: string;
	province: string;
	regionCode: string;
	caps: string[];
	lng: number;
	lat: number;
};

const columns = {
	istat: comuni.istat,
	name: comuni.name,
	province: comuni.province,
	regionCode: comuni.regionCode,
	caps: comuni.caps,
	location: comuni.location
};

type Raw = { istat: string; name: string; province: string; regionCode: string; caps: string; location: { lng: number; lat: number } };

function shape(r: Raw): ComuneRow {
	return {
		istat: r.istat,
		name: r.name,
		province: r.province,
		regionCode: r.regionCode,
		caps: r.caps.split(/\s+/).filter(Boolean),
		lng: r.location.lng,
		lat: r.location.lat
	};
}

function escapeLike(s: string): string {
	return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

// Names end in an accented vowel more often than anywhere else (Forlì, Cantù, Paternò): typing
// the plain vowel should find them, and each variant is still a prefix the index can serve.
const ACCENTED: Record<string, string[]> = { a: ['à'], e: ['è', 'é'], i: ['ì', 'í'], o: ['ò', 'ó'], u: ['ù', 'ú'] };
function prefixVariants(q: string): string[] {
	const last = q.slice(-1);
	return [q, ...(ACCENTED[last] ?? []).map((v) => q.slice(0, -1) + v)];
}

async function select(db: Db, where: SQL | undefined, limit: number): Promise<ComuneRow[]> {
	const rows = await db.select(columns).from(comuni).where(where).orderBy(desc(comuni.population), asc(comuni.name)).limit(limit);
	return rows.map(shape);
}

/**
 * As-you-type search. Digits: six are an ISTAT code, fewer a CAP prefix. Text: names starting
 * with it first (the lower(name) index serves each prefix), by population, then names containing it.
 */
export async function searchComuni(db: Db, query: string, limit: number): Promise<ComuneRow[]> {
	const q = query.trim().toLowerCase().replace(/\s+/g, ' ');
	if (q === '') return [];
	if (/^\d{6}$/.test(q)) return select(db, eq(comuni.istat, q), limit);
	if (/^\d{1,5}$/.test(q)) return select(db, sql`(' ' || ${comuni.caps}) like ${'% ' + q + '%'}`, limit);
	const prefix = await select(db, or(...prefixVariants(q).map((p) => sql`lower(${comuni.name}) like ${escapeLike(p) + '%'}`)), limit);
	if (prefix.length >= limit) return prefix;
	const contains = await select(
		db,
		and(
			sql`lower(${comuni.name}) like ${'%' + escapeLike(q) + '%'}`,
			prefix.length ? notInArray(comuni.istat, prefix.map((p) => p.istat)) : undefined
		),
		limit - prefix.length
	);
	return [...prefix, ...contains];
}

export async function findComune(db: Db, istat: string): Promise<ComuneRow | null> {
	const rows = await select(db, eq(comuni.istat, istat), 1);
	return rows[0] ?? null;
}

export async function comuniByIstat(db: Db, codes: string[]): Promise<ComuneRow[]> {
	if (codes.length === 0) return [];
	return select(db, inArray(comuni.istat, codes), codes.length);
}

/** Comuni whose lower-cased name is one of `names` (for imports that name the comune instead of its code). */
export async function comuniByName(db: Db, names: string[]): Promise<ComuneRow[]> {
	if (names.length === 0) return [];
	const rows = await db
		.select(columns)
		.from(comuni)
		.where(inArray(sql`lower(${comuni.name})`, names.map((n) => n.toLowerCase())));
	return rows.map(shape);
}

export async function listProvinces(db: Db): Promise<{ province: string; regionCode: string }[]> {
	return db
		.selectDistinct({ province: comuni.province, regionCode: comuni.regionCode })
		.from(comuni)
		.orderBy(asc(comuni.province));
}
