import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/client';
import { uuidv7 } from '../ids';
import { loadIstatAreas } from './istat-areas';
import { PATRON_DAYS } from './patron-days';
import { countComuni, countPatronDays, insertPatronDays, upsertComuni, upsertMeterTypes, type NewComune } from './reference.queries';

export const METER_TYPES = [
	{ code: 'mono', nameIt: 'Copie bianco/nero', nameEn: 'Mono copies', unitIt: 'copie', unitEn: 'copies' },
	{ code: 'colour', nameIt: 'Copie a colori', nameEn: 'Colour copies', unitIt: 'copie', unitEn: 'copies' },
	{ code: 'scans', nameIt: 'Scansioni', nameEn: 'Scans', unitIt: 'scansioni', unitEn: 'scans' },
	{ code: 'large_format', nameIt: 'Copie grande formato', nameEn: 'Large-format copies', unitIt: 'copie', unitEn: 'copies' },
	{ code: 'hours', nameIt: 'Ore di funzionamento', nameEn: 'Running hours', unitIt: 'ore', unitEn: 'hours' },
	{ code: 'cycles', nameIt: 'Cicli / corse', nameEn: 'Cycles / trips', unitIt: 'cicli', unitEn: 'cycles' }
];

type ComuniFile = { fields: string[]; rows: Array<[string, string, string, string, string, number, number, number]> };

function comuniFile(): string {
	// Works from src/ (tsx, Vite) and from the bundled dist/ alike: both sit one or four levels below the root.
	for (const rel of ['../../../../data/geo/comuni.json', '../data/geo/comuni.json']) {
		const path = fileURLToPath(new URL(rel, import.meta.url));
		try {
			readFileSync(path, { flag: 'r' }).subarray(0, 1);
			return path;
		} catch {
			/* try the next */
		}
	}
	throw new Error('data/geo/comuni.json not found');
}

export function readComuni(): NewComune[] {
	const file = JSON.parse(readFileSync(comuniFile(), 'utf8')) as ComuniFile;
	const idx = Object.fromEntries(file.fields.map((f, i) => [f, i])) as Record<string, number>;
	return file.rows.map((r) => ({
		istat: String(r[idx.istat]),
		name: String(r[idx.nome]),
		province: String(r[idx.sigla]),
		regionCode: String(r[idx.regione]),
		caps: String(r[idx.cap] ?? ''),
		location: { lng: Number(r[idx.lon]), lat: Number(r[idx.lat]) },
		population: Number(r[idx.pop] ?? 0)
	}));
}

/**
 * Loads the reference data every installation needs (comuni, meter types, patron saints' days,
 * ISTAT regions and provinces as areas).
 * Idempotent: comuni and meter types are upserted; patron days are inserted once, then belong
 * to the admins who edit them.
 */
export async function loadReferenceData(db: Db): Promise<{ comuni: number; meterTypes: number; patronDays: number; areas: number }> {
	const rows = readComuni();
	if ((await countComuni(db)) !== rows.length) {
		for (let i = 0; i < rows.length; i += 1000) await upsertComuni(db, rows.slice(i, i + 1000));
	}
	await upsertMeterTypes(db, METER_TYPES);
	if ((await countPatronDays(db)) === 0) {
		await insertPatronDays(
			db,
			PATRON_DAYS.map((p) => ({ id: uuidv7(), ...p }))
		);
	}
	const areas = await loadIstatAreas(db);
	return { comuni: rows.length, meterTypes: METER_TYPES.length, patronDays: PATRON_DAYS.length, areas };
}
