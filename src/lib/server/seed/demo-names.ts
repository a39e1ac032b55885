/** Italian word lists and the names built from them: people, businesses, streets, SDI codes. */
import type { Comune } from './comuni';

/**
 * The part of the seed's PRNG (Rng in demo-plan.ts) that naming uses. Structural, so this file
 * does not import the planner that imports it.
 */
export type NameRng = { chance(p: number): boolean; pick<T>(items: readonly T[]): T };

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

export class PersonNames {
	private readonly used = new Set<string>();
	constructor(private readonly rng: NameRng) {}
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

export const STREETS = words(`Via Roma | Via Garibaldi | Via Mazzini | Via Cavour | Corso Italia | Via Dante Alighieri |
	Via XX Settembre | Via Vittorio Emanuele II | Via Matteotti | Via Marconi | Via Gramsci | Via Verdi |
	Via Manzoni | Via Carducci | Via Pascoli | Via IV Novembre | Via XXV Aprile | Viale della Repubblica |
	Viale Europa | Via Piave | Via Trieste | Via Trento | Via Milano | Via Torino | Via Venezia | Via Volta |
	Via Galileo Galilei | Via Enrico Fermi | Via dei Mille | Via San Francesco | Via Don Minzoni | Piazza della Libertà |
	Via Kennedy | Corso Garibaldi | Via Leonardo da Vinci | Via Mameli | Via Cesare Battisti | Via Nazario Sauro`);
export const INDUSTRIAL_STREETS = words(`Via dell'Industria | Via dell'Artigianato | Via del Lavoro | Via del Commercio |
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

export type CustomerKind =
	| 'srl' | 'spa' | 'snc' | 'sas' | 'studio' | 'condominio' | 'scuola' | 'farmacia' | 'hotel' | 'coop' | 'clinica';
export const KINDS: [CustomerKind, number][] = [
	['srl', 32], ['spa', 8], ['snc', 10], ['sas', 4], ['studio', 14], ['condominio', 6],
	['scuola', 5], ['farmacia', 5], ['hotel', 5], ['coop', 4], ['clinica', 3]
];

export function businessName(rng: NameRng, kind: CustomerKind, comune: Comune, address: string): string {
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

export function slug(name: string): string {
	return name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/\b(dott\.ssa|dott|srl|spa|snc|sas|scs|di|ing|c)\b/g, ' ')
		.replace(/[^a-z0-9]+/g, '')
		.slice(0, 40);
}

export const SDI_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split('');
