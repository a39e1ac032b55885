/**
 * The demo company's plan: every row, built without I/O from fixed PRNG seeds and the codes
 * (T01, C0001, ...), so ids are stable and a second run inserts nothing.
 */
import { partitaIvaCheckDigit } from '../../domain/italian-tax-ids';
import { isLoadedComuni, loadComuni, type Comune } from './comuni';
import {
	CUSTOMER_COUNT,
	DEMO_EMAIL_DOMAIN,
	DEMO_LOGINS,
	DEMO_REGIONS,
	TECHNICIAN_COUNT,
	pad,
	technicianEmail
} from './demo-constants';
import {
	INDUSTRIAL_STREETS,
	KINDS,
	PersonNames,
	SDI_CHARS,
	STREETS,
	businessName,
	slug,
	type CustomerKind
} from './demo-names';
import { Rng, demoUuid } from './random';
import type { NewCustomer, NewSite, NewSkill, NewTechnician, NewUser } from './seed.queries';

export { demoUuid } from './random';

// ---------------------------------------------------------------------------------------------
// Places

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
type PlannedCustomer = NewCustomer & { id: string; code: string; kind: CustomerKind; sites: PlannedSite[] };
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
			kind,
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
	if (planCache && isLoadedComuni(comuni)) return planCache;
	const names = new PersonNames(new Rng('people'));
	const technicians = planTechnicians(comuni, names);
	const staff = [
		{ email: `admin@${DEMO_EMAIL_DOMAIN}`, name: 'Amministratore Demo' },
		{ email: `dispatcher@${DEMO_EMAIL_DOMAIN}`, name: names.next() },
		{ email: `dispatcher2@${DEMO_EMAIL_DOMAIN}`, name: names.next() },
		{ email: `supervisor@${DEMO_EMAIL_DOMAIN}`, name: names.next() },
		// A fixed name: drawing one here would change every technician's drawn name.
		{ email: `amministrazione@${DEMO_EMAIL_DOMAIN}`, name: 'Ufficio Amministrazione' }
	];
	const nameByEmail = new Map([...staff, ...technicians].map((p) => [p.email, p.name]));
	const users = DEMO_LOGINS.map((login, i) => ({
		id: demoUuid(`user:${login.email}`, i),
		email: login.email,
		name: nameByEmail.get(login.email)!,
		role: login.role
	}));
	const plan = { users, technicians, customers: planCustomers(comuni) };
	if (isLoadedComuni(comuni)) planCache = plan;
	return plan;
}
