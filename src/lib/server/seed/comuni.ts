/** The comuni of data/geo/comuni.json, which the demo company's addresses and homes are drawn from. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Comune = {
	istat: string;
	name: string;
	province: string;
	region: string;
	caps: string[];
	lat: number;
	lng: number;
	population: number;
};

let comuniCache: Comune[] | undefined;

function comuniPath(): string {
	// Next to the sources under tsx/vitest; relative to the working directory once bundled.
	const candidates = [
		fileURLToPath(new URL('../../../../data/geo/comuni.json', import.meta.url)),
		resolve(process.cwd(), 'data/geo/comuni.json')
	];
	const found = candidates.find((p) => existsSync(p));
	if (!found) throw new Error('data/geo/comuni.json not found: run from the project folder');
	return found;
}

export function loadComuni(): Comune[] {
	if (comuniCache) return comuniCache;
	const raw = JSON.parse(readFileSync(comuniPath(), 'utf8')) as { fields: string[]; rows: unknown[][] };
	const col = (name: string) => {
		const i = raw.fields.indexOf(name);
		if (i < 0) throw new Error(`data/geo/comuni.json has no field "${name}"`);
		return i;
	};
	const fields = ['istat', 'nome', 'sigla', 'regione', 'cap', 'lat', 'lon', 'pop'];
	const [istat, nome, sigla, regione, cap, lat, lon, pop] = fields.map(col);
	comuniCache = raw.rows.map((r) => ({
		istat: String(r[istat]),
		name: String(r[nome]),
		province: String(r[sigla]),
		region: String(r[regione]),
		caps: String(r[cap] ?? '').split(/\s+/).filter((c) => /^\d{5}$/.test(c)),
		lat: Number(r[lat]),
		lng: Number(r[lon]),
		population: Number(r[pop]) || 0
	}));
	return comuniCache;
}

/** True when `comuni` is the array loadComuni() returned, so a plan built from it may be cached. */
export function isLoadedComuni(comuni: Comune[]): boolean {
	return comuni === comuniCache;
}
