/**
 * The demo company: 29 logins, 25 technicians in four northern regions, ~300 customers with
 * their sites at real comuni. Everything is derived from fixed PRNG seeds and the codes
 * (T01, C0001, ...), so ids are stable and a second run inserts nothing.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '../../domain/permissions';
import { partitaIvaCheckDigit } from '../../domain/italian-tax-ids';
import { hashPassword } from '../auth/password';
import type { Database, Db } from '../db/client';
import {
	countRows,
	countUsersOutsideDomain,
	customerIdsByCode,
	getMeta,
	insertCustomers,
	insertMetaIfMissing,
	insertSites,
	insertSkills,
	insertTechnicianSkills,
	insertTechnicians,
	insertUsers,
	lockSeed,
	technicianIdsByCode,
	userIdsByEmail,
	type NewCustomer,
	type NewSite,
	type NewSkill,
	type NewTechnician,
	type NewUser,
	type SeedCounts
} from './seed.queries';

export const DEMO_PASSWORD = 'quadro-demo';
export const DEMO_EMAIL_DOMAIN = 'quadro.test';
export const SEED_META_KEY = 'seed';
export const DEMO_SEED_VERSION = 'demo-v1';
export const DEMO_REGIONS = ['01', '03', '05', '08'] as const; // Piemonte, Lombardia, Veneto, Emilia-Romagna

const TECHNICIAN_COUNT = 25;
const CUSTOMER_COUNT = 300;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const technicianEmail = (i: number) => `tecnico${pad(i, 2)}@${DEMO_EMAIL_DOMAIN}`;

export const DEMO_LOGINS: { email: string; role: Role }[] = [
	{ email: `admin@${DEMO_EMAIL_DOMAIN}`, role: 'admin' },
	{ email: `dispatcher@${DEMO_EMAIL_DOMAIN}`, role: 'dispatcher' },
	{ email: `dispatcher2@${DEMO_EMAIL_DOMAIN}`, role: 'dispatcher' },
	{ email: `supervisor@${DEMO_EMAIL_DOMAIN}`, role: 'supervisor' },
	...Array.from({ length: TECHNICIAN_COUNT }, (_, i) => ({ email: technicianEmail(i + 1), role: 'technician' as const }))
];

/** The database holds data this seed did not create; nothing was written. */
export class SeedRefusedError extends Error {
	override name = 'SeedRefusedError';
}

export type SeedResult = { created: boolean; counts: SeedCounts };

// ---------------------------------------------------------------------------------------------
// Deterministic randomness and ids

/** mulberry32: tiny, fast, and the same sequence on every platform for a given seed. */
class Rng {
	private state: number;
	constructor(seed: string) {
		this.state = createHash('sha256').update(seed).digest().readUInt32LE(0);
	}
	next(): number {
		let t = (this.state = (this.state + 0x6d2b79f5) | 0);
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}
	chance(p: number): boolean {
		return this.next() < p;
	}
	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}
	weighted<T>(items: readonly (readonly [T, number])[]): T {
		const total = items.reduce((s, [, w]) => s + w, 0);
		let x = this.next() * total;
		for (const [item, w] of items) if ((x -= w) < 0) return item;
		return items[items.length - 1][0];
	}
	shuffle<T>(items: readonly T[]): T[] {
		const out = [...items];
		for (let i = out.length - 1; i > 0; i--) {
			const j = Math.floor(this.next() * (i + 1));
			[out[i], out[j]] = [out[j], out[i]];
		}
		return out;
	}
}

const DEMO_EPOCH_MS = Date.UTC(2026, 0, 1);

/**
 * A UUIDv7 whose time field is a fixed epoch plus `ordinal` (so ids sort in code order) and whose
 * random bits come from a hash of `name`: the same row gets the same id on every run.
 */
export function demoUuid(name: string, ordinal: number): string {
	const bytes = createHash('sha256').update(`quadro-demo:${name}`).digest().subarray(0, 16);
	const ms = BigInt(DEMO_EPOCH_MS + ordinal);
	for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
	bytes[6] = (bytes[6] & 0x0f) | 0x70;
	bytes[8] = (bytes[8] & 0x3f) | 0x80;
	const hex = bytes.toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---------------------------------------------------------------------------------------------
// Comuni

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

/** Picks comuni with probability proportional to population. */
class ComunePicker {
	private readonly cumulative: number[] = [];
	constructor(private readonly pool: Comune[]) {
		let total = 0;
		for (const c of pool) this.cumulative.push((total += Math.max(c.population, 1)));
	}
	pick(rng: Rng): Comune {
		const x = rng.next() * this.cumulative[this.cumulative.length - 1];
		let lo = 0;
		let hi = this.cumulative.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (this.cumulative[mid] > x) hi = mid;
			else lo = mid + 1;
		}
		return this.pool[lo];
	}
}

/** A point within ~1.2 km of the comune's centre, so sites in one town do not stack up. */
function jitter(rng: Rng, c: Comune): { lng: number; lat: number } {
	const r = 1200 * Math.sqrt(rng.next());
	const theta = 2 * Math.PI * rng.next();
	const lat = c.lat + (r * Math.cos(theta)) / 111_320;
	const lng = c.lng + (r * Math.sin(theta)) / (111_320 * Math.cos((c.lat * Math.PI) / 180));
	return { lng: Math.round(lng * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6 };
}

// ---------------------------------------------------------------------------------------------
// Names

const words = (s: string) => s.trim().split(/\s*\|\s*/);

const MALE = words(`Marco | Luca | Andrea | Matteo | Alessandro | Davide | Stefano | Paolo | Giuseppe | Francesco |
	Simone | Roberto | Massimo | Fabio | Daniele | Claudio | Giorgio | Riccardo | Alberto | Enrico | Lorenzo | Nicola |
	Federico | Michele | Emanuele | Mattia | Gabriele | Filippo | Pietro | Tommaso | Giovanni | Antonio | Diego | Ivan`);
const FEMALE = words(`Giulia | Francesca | Chiara | Sara | Elena | Laura | Valentina | Alessia | Martina | Silvia |
	Federica | Paola | Roberta | Elisa | Anna | Marta | Cristina | Monica | Barbara | Ilaria | Serena | Giorgia |
	Beatrice | Claudia | Simona | Veronica | Michela | Lucia`);
const SURNAMES = words(`Rossi | Ferrari | Colombo | Bianchi | Romano | Ricci | Gallo | Conti | Costa | Giordano |
	Lombardi | Moretti | Barbieri | Fontana | Mariani | Rinaldi | Galli | Martini | Longo | Martinelli | Villa |
	Marchetti | Ferri | Fabbri | Marini | Sala | Gatti | Pellegrini | Cattaneo | Morelli | Brambilla | Fumagalli |
	Crippa | Bonfanti | Riva | Pozzi | Sartori | Zanetti | Zanella | Pavan | Rigon | Zambon | Toffolo | Bortolotti |
	Ferrero | Bosio | Chiesa | Bertolotti | Gribaudo | Montanari | Malaguti | Venturi | Benassi | Tosi | Bergamini |
	Manfredi | Guidetti | Negri | Bassi | Testa | Grassi | Vitali | Donati | Bellini | Ferretti | Bernardi |
	Monti | Cavalli | Baldini | Mazzoleni | Rota | Carminati | Pagani | Tagliabue | Spinelli | Zanoni`);

class PersonNames {
	private readonly used = new Set<string>();
	constructor(private readonly rng: Rng) {}
	next(femaleShare = 0.5): string {
		for (;;) {
			const first = this.rng.chance(femaleShare) ? this.rng.pick(FEMALE) : this.rng.pick(MALE);
			const name = `${first} ${this.rng.pick(SURNAMES)}`;
			if (!this.used.has(name)) {
				this.used.add(name);
				return name;
			}
		}
	}
}

const STREETS = words(`Via Roma | Via Garibaldi | Via Mazzini | Via Cavour | Corso Italia | Via Dante Alighieri |
	Via XX Settembre | Via Vittorio Emanuele II | Via Matteotti | Via Marconi | Via Gramsci | Via Verdi |
	Via Manzoni | Via Carducci | Via Pascoli | Via IV Novembre | Via XXV Aprile | Viale della Repubblica |
	Viale Europa | Via Piave | Via Trieste | Via Trento | Via Milano | Via Torino | Via Venezia | Via Volta |
	Via Galileo Galilei | Via Enrico Fermi | Via dei Mille | Via San Francesco | Via Don Minzoni | Piazza della Libertà |
	Via Kennedy | Corso Garibaldi | Via Leonardo da Vinci | Via Mameli | Via Cesare Battisti | Via Nazario Sauro`);
const INDUSTRIAL_STREETS = words(`Via dell'Industria | Via dell'Artigianato | Via del Lavoro | Via del Commercio |
	Via delle Industrie | Via dell'Innovazione | Via Copernico | Via dell'Elettronica | Via Newton | Via Einstein`);

const SECTORS = words(`Impianti | Costruzioni | Trasporti | Forniture | Meccanica | Elettronica | Arredamenti |
	Logistica | Serramenti | Termotecnica | Imballaggi | Materie Plastiche | Alimentari | Tessile | Arti Grafiche |
	Informatica | Carpenteria | Stampi | Vernici | Ceramiche`);
const BRAND_HEADS = words(`Tecno | Euro | Nord | Padana | Alpi | Lario | Adige | Italo | Sider | Elettro | Idro | Termo |
	Agri | Vetro | Carto | Metal | Omni | Poli | Inter | Gruppo`);
const BRAND_TAILS = words(`service | graf | mec | tech | sistemi | plast | logistica | forniture | data | food | chimica |
	lab | ufficio | color | print | metalli`);
const SAINTS = words(`San Giuseppe | Santa Maria | Sant'Anna | San Carlo | Don Bosco | Maria Ausiliatrice |
	San Francesco | Santa Chiara | San Domenico Savio | Sacro Cuore`);
const RESIDENCES = words(`Le Querce | I Tigli | Il Parco | Le Betulle | Belvedere | Il Giardino | Aurora | I Pini`);
const HOTELS = words(`Europa | Centrale | Bellavista | Stazione | Milano | Savoia | Leon d'Oro | Ai Pini`);
const SHOPS = words(`Autofficina | Ferramenta | Panificio | Tipografia | Falegnameria | Ottica | Elettrauto | Macelleria`);
const STUDIOS = [
	(s: string) => `Studio Legale ${s} & Associati`,
	(s: string, f: string, female: boolean) => `Studio Commercialista ${female ? 'Dott.ssa' : 'Dott.'} ${f} ${s}`,
	(s: string, f: string, female: boolean) => `Studio Dentistico ${female ? 'Dott.ssa' : 'Dott.'} ${f} ${s}`,
	(s: string, f: string) => `Studio Tecnico Ing. ${f} ${s}`,
	(s: string) => `Studio Notarile ${s}`,
	(s: string) => `Studio Associato ${s} Consulenti del Lavoro`
];

type CustomerKind =
	| 'srl' | 'spa' | 'snc' | 'sas' | 'studio' | 'condominio' | 'scuola' | 'farmacia' | 'hotel' | 'coop' | 'clinica';
const KINDS: [CustomerKind, number][] = [
	['srl', 32], ['spa', 8], ['snc', 10], ['sas', 4], ['studio', 14], ['condominio', 6],
	['scuola', 5], ['farmacia', 5], ['hotel', 5], ['coop', 4], ['clinica', 3]
];

function businessName(rng: Rng, kind: CustomerKind, comune: Comune, address: string): string {
	const s = rng.pick(SURNAMES);
	const female = rng.chance(0.5);
	const f = female ? rng.pick(FEMALE) : rng.pick(MALE);
	switch (kind) {
		case 'srl':
			return rng.pick([
				() => `${s} ${rng.pick(SECTORS)} Srl`,
				() => `${rng.pick(BRAND_HEADS)}${rng.pick(BRAND_TAILS)} Srl`,
				() => `${rng.pick(SECTORS)} ${comune.name} Srl`,
				() => `${s} & ${rng.pick(SURNAMES)} Srl`
			])();
		case 'spa':
			return rng.chance(0.5) ? `${rng.pick(BRAND_HEADS)}${rng.pick(BRAND_TAILS)} Spa` : `${s} ${rng.pick(SECTORS)} Spa`;
		case 'snc':
			return rng.chance(0.5) ? `${rng.pick(SHOPS)} ${s} di ${f} ${s} & C. Snc` : `${s} & ${rng.pick(SURNAMES)} Snc`;
		case 'sas':
			return `${rng.pick(SECTORS)} ${s} di ${f} ${s} & C. Sas`;
		case 'studio':
			return rng.pick(STUDIOS)(s, f, female);
		case 'condominio':
			return rng.chance(0.6) ? `Condominio ${address}` : `Condominio Residenza ${rng.pick(RESIDENCES)}`;
		case 'scuola':
			return rng.pick([
				() => `Scuola dell'Infanzia Paritaria ${rng.pick(SAINTS)}`,
				() => `Istituto Paritario ${rng.pick(SAINTS)}`,
				() => `Scuola Primaria Paritaria ${rng.pick(SAINTS)} di ${comune.name}`
			])();
		case 'farmacia':
			return rng.chance(0.5) ? `Farmacia ${s} Snc` : `Farmacia ${rng.pick(SAINTS)} Srl`;
		case 'hotel':
			return `Hotel ${rng.pick(HOTELS)} ${comune.name} Srl`;
		case 'coop':
			return `Cooperativa Sociale ${rng.pick(['Il Sentiero', 'La Rete', 'Arcobaleno', 'Il Ponte', 'Insieme', 'La Fenice'])} Scs`;
		case 'clinica':
			return `Poliambulatorio ${rng.pick(SAINTS)} Srl`;
	}
}

function slug(name: string): string {
	return name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/\b(dott\.ssa|dott|srl|spa|snc|sas|scs|di|ing|c)\b/g, ' ')
		.replace(/[^a-z0-9]+/g, '')
		.slice(0, 40);
}

const SDI_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split('');

// ---------------------------------------------------------------------------------------------
// The plan: every row, built without I/O

type Team = { name: string; homes: [string, string][] };
const TEAMS: Team[] = [
	{
		name: 'Milano',
		homes: [['Milano', 'MI'], ['Milano', 'MI'], ['Sesto San Giovanni', 'MI'], ['Monza', 'MB'], ['Rho', 'MI'],
			['Cinisello Balsamo', 'MI'], ['Legnano', 'MI'], ['Bergamo', 'BG'], ['Brescia', 'BS']]
	},
	{
		name: 'Torino',
		homes: [['Torino', 'TO'], ['Torino', 'TO'], ['Moncalieri', 'TO'], ['Collegno', 'TO'], ['Novara', 'NO'], ['Asti', 'AT']]
	},
	{ name: 'Verona-Padova', homes: [['Verona', 'VR'], ['Padova', 'PD'], ['Vicenza', 'VI'], ['Venezia', 'VE'], ['Treviso', 'TV']] },
	{ name: 'Bologna', homes: [['Bologna', 'BO'], ['Casalecchio di Reno', 'BO'], ['Imola', 'BO'], ['Modena', 'MO'], ['Parma', 'PR']] }
];

export const DEMO_SKILLS: NewSkill[] = [
	{ code: 'copier_mono', nameIt: 'Fotocopiatrici bianco e nero', nameEn: 'Monochrome copiers' },
	{ code: 'copier_colour', nameIt: 'Fotocopiatrici a colori', nameEn: 'Colour copiers' },
	{ code: 'printer', nameIt: 'Stampanti', nameEn: 'Printers' },
	{ code: 'hvac', nameIt: 'Climatizzazione e riscaldamento', nameEn: 'Heating, ventilation and air conditioning' },
	{ code: 'lift', nameIt: 'Ascensori e montacarichi', nameEn: 'Lifts and goods lifts' },
	{ code: 'networking', nameIt: 'Reti e connettività', nameEn: 'Networking' },
	{ code: 'security_systems', nameIt: 'Impianti di sicurezza e antintrusione', nameEn: 'Security and intrusion systems' },
	{ code: 'electrical', nameIt: 'Impianti elettrici', nameEn: 'Electrical systems' }
];

// A technician's first skill comes from the profile's lead list, the rest from its pool.
const PROFILES = {
	office: { lead: ['copier_mono', 'copier_colour'], pool: ['copier_mono', 'copier_colour', 'printer', 'networking'] },
	building: { lead: ['hvac', 'electrical'], pool: ['hvac', 'electrical', 'security_systems', 'networking'] },
	lift: { lead: ['lift'], pool: ['lift', 'electrical', 'security_systems'] }
} as const;
// Cycled within each team, so every team has copier, building and lift people.
const PROFILE_CYCLE: (keyof typeof PROFILES)[] = [
	'office', 'building', 'office', 'lift', 'office', 'building', 'office', 'lift', 'building'
];

type PlannedTechnician = Omit<NewTechnician, 'id' | 'userId'> & {
	id: string;
	code: string;
	email: string;
	skills: [code: string, level: number][];
};
type PlannedSite = Omit<NewSite, 'id' | 'customerId'> & { id: string };
type PlannedCustomer = NewCustomer & { id: string; code: string; sites: PlannedSite[] };
export type DemoPlan = {
	users: Omit<NewUser, 'passwordHash'>[];
	technicians: PlannedTechnician[];
	customers: PlannedCustomer[];
};

/** P.IVA office code: the ISTAT province number, or the parent province for newer ones (MB, VB). */
function officeCode(istat: string): string {
	const province = Number(istat.slice(0, 3));
	if (province <= 100) return pad(province, 3);
	return ({ 103: '003', 108: '015' } as Record<number, string>)[province] ?? '015';
}

function planTechnicians(comuni: Comune[], names: PersonNames): PlannedTechnician[] {
	const rng = new Rng('technicians');
	const byKey = new Map(comuni.map((c) => [`${c.name}|${c.province}`, c]));
	const out: PlannedTechnician[] = [];
	for (const team of TEAMS) {
		for (const [k, [name, province]] of team.homes.entries()) {
			const home = byKey.get(`${name}|${province}`);
			if (!home) throw new Error(`comune ${name} (${province}) missing from data/geo/comuni.json`);
			const i = out.length + 1;
			const profile = PROFILES[PROFILE_CYCLE[k]];
			const codes: string[] = [rng.pick(profile.lead)];
			const want = rng.int(2, 4);
			for (const code of rng.shuffle(profile.pool)) if (codes.length < want && !codes.includes(code)) codes.push(code);
			out.push({
				id: demoUuid(`technician:T${pad(i, 2)}`, 100 + i),
				code: `T${pad(i, 2)}`,
				email: technicianEmail(i),
				name: names.next(0.15),
				team: team.name,
				homeBase: jitter(rng, home),
				homeComuneName: home.name,
				costPerHourCents: 2800 + 50 * rng.int(0, 34),
				active: true,
				skills: codes.map((code, k) => [code, k === 0 ? rng.weighted([[3, 2], [2, 2], [1, 1]]) : rng.int(1, 3)])
			});
		}
	}
	if (out.length !== TECHNICIAN_COUNT) throw new Error(`expected ${TECHNICIAN_COUNT} technicians, planned ${out.length}`);
	return out;
}

function planCustomers(comuni: Comune[]): PlannedCustomer[] {
	const rng = new Rng('customers');
	const pool = comuni.filter((c) => (DEMO_REGIONS as readonly string[]).includes(c.region) && c.caps.length > 0);
	const anywhere = new ComunePicker(pool);
	const byProvince = new Map<string, ComunePicker>();
	const nearby = (c: Comune) => {
		let picker = byProvince.get(c.province);
		if (!picker) byProvince.set(c.province, (picker = new ComunePicker(pool.filter((p) => p.province === c.province))));
		return picker.pick(rng);
	};
	const usedNames = new Set<string>();
	const usedTaxIds = new Set<string>();
	// Registration numbers are progressive per office, so companies' mostly start with 0 or 1;
	// bodies without a partita IVA (condomini, associations) get codici fiscali starting with 9.
	const taxId = (kind: 'company' | 'body', istat: string) => {
		for (;;) {
			const number = kind === 'company' ? pad(rng.int(1, 1_499_999), 7) : `9${pad(rng.int(0, 999_999), 6)}`;
			const body = `${number}${officeCode(istat)}`;
			const id = body + partitaIvaCheckDigit(body);
			if (!usedTaxIds.has(id)) {
				usedTaxIds.add(id);
				return id;
			}
		}
	};
	const site = (customerCode: string, k: number, ordinal: number, name: string, c: Comune, address: string): PlannedSite => ({
		id: demoUuid(`site:${customerCode}:${k}`, ordinal),
		name,
		address,
		cap: rng.pick(c.caps),
		comuneIstat: c.istat,
		comuneName: c.name,
		province: c.province,
		regionCode: c.region,
		location: jitter(rng, c),
		accessNotes: rng.chance(0.25)
			? rng.pick([
					'Citofonare in portineria',
					'Accesso dal cortile interno, chiedere del responsabile',
					'Parcheggio fornitori sul retro',
					"Chiavi presso l'amministratore",
					'Accesso solo 8:30-12:30',
					'Presentarsi alla reception con documento'
				])
			: null
	});

	const out: PlannedCustomer[] = [];
	for (let i = 1; i <= CUSTOMER_COUNT; i++) {
		const code = `C${pad(i, 4)}`;
		const kind = rng.weighted(KINDS);
		const hq = anywhere.pick(rng);
		const street = kind === 'srl' || kind === 'spa' ? rng.pick([...STREETS, ...INDUSTRIAL_STREETS]) : rng.pick(STREETS);
		const address = `${street} ${rng.int(1, 180)}`;
		let name = businessName(rng, kind, hq, address);
		for (let attempt = 0; usedNames.has(name); attempt++) {
			name = businessName(rng, kind, hq, address);
			if (attempt > 20 && usedNames.has(name)) name = `${name} - ${hq.name}`;
		}
		usedNames.add(name);

		// Condomini have only a numeric codice fiscale (starting with 9) and no partita IVA.
		const vat = kind === 'condominio' ? null : taxId('company', hq.istat);
		const fiscalCode = vat ?? taxId('body', hq.istat);
		const channel = kind === 'condominio' ? 'none' : rng.weighted([['sdi', 70], ['pec', 20], ['both', 10]] as const);
		let sdiCode: string | null = null;
		if (channel === 'sdi' || channel === 'both') sdiCode = Array.from({ length: 7 }, () => rng.pick(SDI_CHARS)).join('');
		const pec = channel === 'pec' || channel === 'both' ? `amministrazione@${slug(name)}.pec.it` : null;

		const ordinal = 10_000 + i * 10;
		const hqName = kind === 'condominio' ? 'Condominio' : kind === 'scuola' ? 'Plesso principale' : 'Sede';
		const hqSite = site(code, 1, ordinal + 1, hqName, hq, address);
		const sites = [hqSite];
		const extra = kind === 'condominio' || kind === 'studio' ? 0 : rng.weighted([[0, 55], [1, 30], [2, 15]]);
		for (let k = 2; k <= extra + 1; k++) {
			const where = rng.chance(0.6) ? nearby(hq) : anywhere.pick(rng);
			const label =
				where.istat === hq.istat
					? rng.pick(['Magazzino', 'Deposito', 'Ufficio tecnico'])
					: rng.pick([`Filiale di ${where.name}`, `Magazzino di ${where.name}`, `Punto vendita ${where.name}`]);
			const siteAddress = `${rng.pick([...STREETS, ...INDUSTRIAL_STREETS])} ${rng.int(1, 180)}`;
			sites.push(site(code, k, ordinal + k, label, where, siteAddress));
		}

		const active = !rng.chance(0.03);
		out.push({
			id: demoUuid(`customer:${code}`, 1000 + i),
			code,
			businessName: name,
			vatNumber: vat,
			fiscalCode,
			sdiCode: kind === 'condominio' ? '0000000' : sdiCode,
			pec,
			address,
			cap: hqSite.cap,
			comuneIstat: hq.istat,
			comuneName: hq.name,
			province: hq.province,
			paymentTermsDays: rng.weighted([[30, 50], [60, 35], [90, 15]]),
			notes: active ? null : 'Cliente cessato: non accettare nuove chiamate',
			active,
			sites
		});
	}
	return out;
}

let planCache: DemoPlan | undefined;

export function buildDemoPlan(comuni: Comune[] = loadComuni()): DemoPlan {
	if (planCache && comuni === comuniCache) return planCache;
	const names = new PersonNames(new Rng('people'));
	const technicians = planTechnicians(comuni, names);
	const staff = [
		{ email: `admin@${DEMO_EMAIL_DOMAIN}`, name: 'Amministratore Demo' },
		{ email: `dispatcher@${DEMO_EMAIL_DOMAIN}`, name: names.next() },
		{ email: `dispatcher2@${DEMO_EMAIL_DOMAIN}`, name: names.next() },
		{ email: `supervisor@${DEMO_EMAIL_DOMAIN}`, name: names.next() }
	];
	const nameByEmail = new Map([...staff, ...technicians].map((p) => [p.email, p.name]));
	const users = DEMO_LOGINS.map((login, i) => ({
		id: demoUuid(`user:${login.email}`, i),
		email: login.email,
		name: nameByEmail.get(login.email)!,
		role: login.role
	}));
	const plan = { users, technicians, customers: planCustomers(comuni) };
	if (comuni === comuniCache) planCache = plan;
	return plan;
}

// ---------------------------------------------------------------------------------------------
// The service

let passwordHashCache: Promise<string> | undefined;

/** Why the database is not ours to seed, or null when it is. */
async function refusal(db: Db, seedMarker: string | null): Promise<string | null> {
	const foreignUsers = await countUsersOutsideDomain(db, DEMO_EMAIL_DOMAIN);
	if (foreignUsers > 0) {
		return (
			`the database has ${foreignUsers} user(s) whose email is not @${DEMO_EMAIL_DOMAIN}; ` +
			'the demo seed only fills an empty database'
		);
	}
	if (seedMarker !== null && seedMarker !== DEMO_SEED_VERSION) {
		return `the database was seeded with "${seedMarker}", not "${DEMO_SEED_VERSION}"`;
	}
	if (seedMarker === null) {
		const counts = await countRows(db);
		if (counts.customers > 0 || counts.technicians > 0) {
			return (
				`the database already has ${counts.customers} customer(s) and ${counts.technicians} technician(s) ` +
				'not created by the demo seed'
			);
		}
	}
	return null;
}

/**
 * Creates the demo company in one transaction, or completes it if an earlier run left it
 * partial; a run on a seeded database inserts nothing. Throws SeedRefusedError, writing nothing,
 * when the database holds data that is not the seed's.
 */
export async function seedDemoCompany(db: Database): Promise<SeedResult> {
	const plan = buildDemoPlan();
	passwordHashCache ??= hashPassword(DEMO_PASSWORD);
	const passwordHash = await passwordHashCache;

	return db.transaction(async (tx) => {
		await lockSeed(tx);
		const marker = await getMeta(tx, SEED_META_KEY);
		const reason = await refusal(tx, marker);
		if (reason) throw new SeedRefusedError(`refusing to seed: ${reason}`);

		await insertUsers(tx, plan.users.map((u) => ({ ...u, passwordHash })));
		const userIds = await userIdsByEmail(tx, plan.technicians.map((t) => t.email));
		await insertSkills(tx, DEMO_SKILLS);
		await insertTechnicians(
			tx,
			plan.technicians.map(({ email, skills: _skills, ...t }) => ({ ...t, userId: userIds.get(email) ?? null }))
		);
		const technicianIds = await technicianIdsByCode(tx, plan.technicians.map((t) => t.code));
		await insertTechnicianSkills(
			tx,
			plan.technicians.flatMap((t) =>
				t.skills.map(([skillCode, level]) => ({ technicianId: technicianIds.get(t.code)!, skillCode, level }))
			)
		);
		await insertCustomers(tx, plan.customers.map(({ sites: _sites, ...c }) => c));
		const customerIds = await customerIdsByCode(tx, plan.customers.map((c) => c.code));
		await insertSites(
			tx,
			plan.customers.flatMap((c) => c.sites.map((s) => ({ ...s, customerId: customerIds.get(c.code)! })))
		);
		await insertMetaIfMissing(tx, SEED_META_KEY, DEMO_SEED_VERSION);
		return { created: marker === null, counts: await countRows(tx) };
	});
}

/** True when nobody has used the database yet: no users, customers, technicians or seed marker. */
export async function isEmptyDatabase(db: Db): Promise<boolean> {
	const [counts, marker] = await Promise.all([countRows(db), getMeta(db, SEED_META_KEY)]);
	return marker === null && counts.users === 0 && counts.customers === 0 && counts.technicians === 0;
}
