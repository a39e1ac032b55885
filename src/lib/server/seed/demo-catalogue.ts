/**
 * What the demo service company maintains: equipment models with their meters and typical
 * volumes, serial-number formats per manufacturer, the admin-defined attributes, the two
 * business calendars and the three SLA levels. Reference lists only; demo-installed-base.ts
 * plans the rows.
 */
import type { EQUIPMENT_CATEGORIES, WeeklyHours } from '../db/schema';
import { pad } from './demo-constants';
import type { Rng } from './random';

export type Category = (typeof EQUIPMENT_CATEGORIES)[number];
export type MeterCode = 'mono' | 'colour' | 'scans' | 'hours' | 'cycles';

/** Where a unit of the model typically stands, so hotels get splits and condomini get lifts. */
export type ModelUse = 'office' | 'office_a4' | 'production' | 'split' | 'central' | 'lift' | 'ups';

export type CatalogueModel = {
	brand: string;
	model: string;
	family: string;
	category: Category;
	meters: MeterCode[];
	/** The counter wraps after this value (7-digit panels); null when it never does in practice. */
	maxValue: number | null;
	/** Typical monthly volume per meter: copies, scans, running hours or trips. */
	volumes: Partial<Record<MeterCode, [number, number]>>;
	use: ModelUse;
	/** HVAC nameplate data, copied into every unit's attributes. */
	hvac?: { refrigerant: 'R32' | 'R410A' | 'R290'; powerKw: number };
	/** Relative frequency among the models of the same use. */
	weight: number;
};

const COPIER_MONO = { mono: [1000, 8000], scans: [300, 3000] } as const;
const COPIER_COLOUR = { mono: [1000, 8000], colour: [200, 2000], scans: [300, 3000] } as const;
const meters = (...m: MeterCode[]) => m;
const v = (x: Partial<Record<MeterCode, readonly [number, number]>>) => x as Partial<Record<MeterCode, [number, number]>>;

export const MODELS: CatalogueModel[] = [
	// Monochrome copiers (A3 multifunction) and one production press.
	{ brand: 'Canon', model: 'imageRUNNER ADVANCE DX 4751i', family: 'imageRUNNER ADVANCE DX', category: 'copier_mono', meters: meters('mono', 'scans'), maxValue: null, volumes: v(COPIER_MONO), use: 'office', weight: 3 },
	{ brand: 'Ricoh', model: 'IM 430F', family: 'IM', category: 'copier_mono', meters: meters('mono', 'scans'), maxValue: null, volumes: v({ mono: [1000, 5000], scans: [300, 2000] }), use: 'office_a4', weight: 3 },
	{ brand: 'Ricoh', model: 'IM 6000', family: 'IM', category: 'copier_mono', meters: meters('mono', 'scans'), maxValue: null, volumes: v({ mono: [3000, 8000], scans: [500, 3000] }), use: 'office', weight: 2 },
	{ brand: 'Kyocera', model: 'TASKalfa 4012i', family: 'TASKalfa', category: 'copier_mono', meters: meters('mono', 'scans'), maxValue: 9_999_999, volumes: v(COPIER_MONO), use: 'office', weight: 3 },
	{ brand: 'Konica Minolta', model: 'bizhub 450i', family: 'bizhub i-Series', category: 'copier_mono', meters: meters('mono', 'scans'), maxValue: null, volumes: v(COPIER_MONO), use: 'office', weight: 2 },
	{ brand: 'Sharp', model: 'MX-M4071', family: 'MX-M', category: 'copier_mono', meters: meters('mono', 'scans'), maxValue: 9_999_999, volumes: v(COPIER_MONO), use: 'office', weight: 2 },
	{ brand: 'Ricoh', model: 'Pro 8300S', family: 'Pro', category: 'copier_mono', meters: meters('mono'), maxValue: 9_999_999, volumes: v({ mono: [40_000, 60_000] }), use: 'production', weight: 1 },
	// Colour copiers (A3 multifunction).
	{ brand: 'Canon', model: 'imageRUNNER ADVANCE DX C5850i', family: 'imageRUNNER ADVANCE DX', category: 'copier_colour', meters: meters('mono', 'colour', 'scans'), maxValue: null, volumes: v(COPIER_COLOUR), use: 'office', weight: 3 },
	{ brand: 'Canon', model: 'imageRUNNER ADVANCE DX C3826i', family: 'imageRUNNER ADVANCE DX', category: 'copier_colour', meters: meters('mono', 'colour', 'scans'), maxValue: null, volumes: v({ mono: [1000, 4000], colour: [200, 1200], scans: [300, 1500] }), use: 'office', weight: 3 },
	{ brand: 'Ricoh', model: 'IM C3010', family: 'IM C', category: 'copier_colour', meters: meters('mono', 'colour', 'scans'), maxValue: null, volumes: v({ mono: [1000, 5000], colour: [200, 1500], scans: [300, 2000] }), use: 'office', weight: 3 },
	{ brand: 'Ricoh', model: 'IM C4510', family: 'IM C', category: 'copier_colour', meters: meters('mono', 'colour', 'scans'), maxValue: null, volumes: v(COPIER_COLOUR), use: 'office', weight: 2 },
	{ brand: 'Kyocera', model: 'TASKalfa 3554ci', family: 'TASKalfa', category: 'copier_colour', meters: meters('mono', 'colour', 'scans'), maxValue: 9_999_999, volumes: v(COPIER_COLOUR), use: 'office', weight: 3 },
	{ brand: 'Konica Minolta', model: 'bizhub C300i', family: 'bizhub i-Series', category: 'copier_colour', meters: meters('mono', 'colour', 'scans'), maxValue: null, volumes: v(COPIER_COLOUR), use: 'office', weight: 2 },
	{ brand: 'Konica Minolta', model: 'bizhub C450i', family: 'bizhub i-Series', category: 'copier_colour', meters: meters('mono', 'colour', 'scans'), maxValue: null, volumes: v(COPIER_COLOUR), use: 'office', weight: 2 },
	{ brand: 'Sharp', model: 'MX-3071', family: 'MX', category: 'copier_colour', meters: meters('mono', 'colour', 'scans'), maxValue: 9_999_999, volumes: v(COPIER_COLOUR), use: 'office', weight: 2 },
	{ brand: 'Xerox', model: 'VersaLink C7130', family: 'VersaLink', category: 'copier_colour', meters: meters('mono', 'colour', 'scans'), maxValue: null, volumes: v(COPIER_COLOUR), use: 'office', weight: 2 },
	// Printers.
	{ brand: 'HP', model: 'LaserJet Enterprise M611dn', family: 'LaserJet Enterprise', category: 'printer', meters: meters('mono'), maxValue: null, volumes: v({ mono: [500, 5000] }), use: 'office_a4', weight: 3 },
	{ brand: 'HP', model: 'Color LaserJet Enterprise M555dn', family: 'Color LaserJet Enterprise', category: 'printer', meters: meters('mono', 'colour'), maxValue: null, volumes: v({ mono: [300, 3000], colour: [200, 1500] }), use: 'office_a4', weight: 2 },
	{ brand: 'Xerox', model: 'VersaLink B620', family: 'VersaLink', category: 'printer', meters: meters('mono'), maxValue: null, volumes: v({ mono: [500, 5000] }), use: 'office_a4', weight: 2 },
	{ brand: 'Kyocera', model: 'ECOSYS P3155dn', family: 'ECOSYS', category: 'printer', meters: meters('mono'), maxValue: 9_999_999, volumes: v({ mono: [500, 4000] }), use: 'office_a4', weight: 2 },
	// Heating, ventilation and air conditioning: running hours.
	{ brand: 'Daikin', model: 'Perfera FTXM35R', family: 'Perfera', category: 'hvac', meters: meters('hours'), maxValue: null, volumes: v({ hours: [60, 250] }), use: 'split', hvac: { refrigerant: 'R32', powerKw: 3.5 }, weight: 3 },
	{ brand: 'Daikin', model: 'VRV IV-S RXYSQ8TY1', family: 'VRV', category: 'hvac', meters: meters('hours'), maxValue: null, volumes: v({ hours: [200, 450] }), use: 'central', hvac: { refrigerant: 'R410A', powerKw: 22.4 }, weight: 2 },
	{ brand: 'Mitsubishi Electric', model: 'MSZ-LN35VG', family: 'Kirigamine Style', category: 'hvac', meters: meters('hours'), maxValue: null, volumes: v({ hours: [60, 250] }), use: 'split', hvac: { refrigerant: 'R32', powerKw: 3.5 }, weight: 3 },
	{ brand: 'Mitsubishi Electric', model: 'PUZ-ZM100VKA', family: 'Power Inverter', category: 'hvac', meters: meters('hours'), maxValue: null, volumes: v({ hours: [150, 400] }), use: 'split', hvac: { refrigerant: 'R32', powerKw: 10 }, weight: 2 },
	{ brand: 'Mitsubishi Electric', model: 'Ecodan PUZ-WZ80VAA', family: 'Ecodan', category: 'hvac', meters: meters('hours'), maxValue: null, volumes: v({ hours: [250, 500] }), use: 'central', hvac: { refrigerant: 'R290', powerKw: 8 }, weight: 2 },
	{ brand: 'Carrier', model: '30RB 060', family: 'AquaSnap', category: 'hvac', meters: meters('hours'), maxValue: null, volumes: v({ hours: [250, 550] }), use: 'central', hvac: { refrigerant: 'R410A', powerKw: 60 }, weight: 1 },
	{ brand: 'Hitachi', model: 'RAS-4HNCE', family: 'Utopia', category: 'hvac', meters: meters('hours'), maxValue: null, volumes: v({ hours: [150, 400] }), use: 'split', hvac: { refrigerant: 'R410A', powerKw: 10 }, weight: 1 },
	// Lifts: trips.
	{ brand: 'Schindler', model: '3000', family: 'Schindler 3000', category: 'lift', meters: meters('cycles'), maxValue: null, volumes: v({ cycles: [1500, 6000] }), use: 'lift', weight: 3 },
	{ brand: 'Schindler', model: '5500', family: 'Schindler 5500', category: 'lift', meters: meters('cycles'), maxValue: null, volumes: v({ cycles: [3000, 9000] }), use: 'lift', weight: 1 },
	{ brand: 'KONE', model: 'MonoSpace 500', family: 'MonoSpace', category: 'lift', meters: meters('cycles'), maxValue: null, volumes: v({ cycles: [1500, 7000] }), use: 'lift', weight: 3 },
	{ brand: 'Otis', model: 'Gen2 Life', family: 'Gen2', category: 'lift', meters: meters('cycles'), maxValue: null, volumes: v({ cycles: [1500, 6000] }), use: 'lift', weight: 3 },
	{ brand: 'Otis', model: 'Gen360', family: 'Gen360', category: 'lift', meters: meters('cycles'), maxValue: null, volumes: v({ cycles: [2000, 8000] }), use: 'lift', weight: 1 },
	// Other: UPS units in server rooms, no meters.
	{ brand: 'APC', model: 'Smart-UPS SRT 3000VA', family: 'Smart-UPS', category: 'other', meters: [], maxValue: null, volumes: {}, use: 'ups', weight: 2 },
	{ brand: 'Riello UPS', model: 'Sentinel Pro SEP 2200', family: 'Sentinel Pro', category: 'other', meters: [], maxValue: null, volumes: {}, use: 'ups', weight: 1 }
];

export const modelKey = (m: { brand: string; model: string }) => `${m.brand}|${m.model}`;

// ---------------------------------------------------------------------------------------------
// Serial numbers in each manufacturer's style (letters without I, O and Q, as most avoid them)

const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const L = (rng: Rng) => LETTERS[Math.floor(rng.next() * LETTERS.length)];
const D = (rng: Rng, n: number) => pad(Math.floor(rng.next() * 10 ** n), n);

/** `year` and `week` of manufacture, which some brands print into the serial. */
type SerialFormat = (rng: Rng, year: number, week: number) => string;

const SERIAL_FORMATS: Record<string, SerialFormat> = {
	Canon: (r) => `${L(r)}${L(r)}${L(r)}${D(r, 5)}`, // XRG04512
	Ricoh: (r) => `${L(r)}${D(r, 3)}${L(r)}${D(r, 6)}`, // C739P600123
	Kyocera: (r) => `${L(r)}${L(r)}${L(r)}${D(r, 1)}${L(r)}${D(r, 5)}`, // VHB4Z01234
	'Konica Minolta': (r) => `A${L(r)}${D(r, 1)}${L(r)}0${D(r, 8)}`, // AA2J021012345
	Sharp: (r, y) => `${y % 10}${D(r, 7)}`, // 35012345
	Xerox: (r) => `${L(r)}${L(r)}${L(r)}${D(r, 6)}`, // GXB123456
	HP: (r) => `${r.pick(['CNB', 'CNC', 'VNB', 'JPB', 'PHB'])}${D(r, 1)}${L(r)}${D(r, 5)}`, // CNB9J12345
	Daikin: (r) => `${L(r)}${D(r, 6)}`, // E012345
	'Mitsubishi Electric': (r) => `${D(r, 2)}${L(r)}${D(r, 5)}`, // 54U01234
	Carrier: (r, y, w) => `${pad(y % 100, 2)}${pad(w, 2)}${L(r)}${D(r, 5)}`, // 2418V12345
	Hitachi: (r) => `${L(r)}${D(r, 8)}`, // N00123456
	Schindler: (r) => `${r.pick(['10', '11', '12'])}${D(r, 6)}`, // 11234567
	KONE: (r) => `4${D(r, 7)}`, // 41234567
	Otis: (r) => `${L(r)}${L(r)}-${D(r, 5)}`, // RT-40512
	APC: (r, y, w) => `AS${pad(y % 100, 2)}${pad(w, 2)}${D(r, 6)}`, // AS2145123456
	'Riello UPS': (r) => `${L(r)}${L(r)}${D(r, 8)}` // SP12345678
};

export function serialFormat(brand: string): SerialFormat {
	const format = SERIAL_FORMATS[brand];
	if (!format) throw new Error(`no serial format for brand ${brand}`);
	return format;
}

// ---------------------------------------------------------------------------------------------
// Admin-defined attributes the demo units use (so their attributes validate)

export type CatalogueAttribute = {
	category: Category;
	code: string;
	labelIt: string;
	labelEn: string;
	type: 'integer' | 'decimal' | 'choice' | 'boolean';
	minValue?: string;
	maxValue?: string;
	choices?: string[];
	unit?: string;
};

export const ATTRIBUTES: CatalogueAttribute[] = [
	{ category: 'lift', code: 'capacity_kg', labelIt: 'Portata', labelEn: 'Rated load', type: 'integer', minValue: '100', maxValue: '5000', unit: 'kg' },
	{ category: 'lift', code: 'stops', labelIt: 'Fermate', labelEn: 'Stops', type: 'integer', minValue: '2', maxValue: '100' },
	{ category: 'hvac', code: 'refrigerant', labelIt: 'Refrigerante', labelEn: 'Refrigerant', type: 'choice', choices: ['R32', 'R410A', 'R290'] },
	{ category: 'hvac', code: 'power_kw', labelIt: 'Potenza', labelEn: 'Power', type: 'decimal', minValue: '0.5', maxValue: '2000', unit: 'kW' },
	{ category: 'copier_mono', code: 'finisher', labelIt: 'Finitore', labelEn: 'Finisher', type: 'boolean' },
	{ category: 'copier_colour', code: 'finisher', labelIt: 'Finitore', labelEn: 'Finisher', type: 'boolean' }
];

// ---------------------------------------------------------------------------------------------
// Business calendars and SLA levels

const OFFICE_DAY: Array<[string, string]> = [['08:30', '12:30'], ['14:00', '18:00']];
const ALL_DAY: Array<[string, string]> = [['00:00', '24:00']];

export const CALENDARS = [
	{
		name: "Orario d'ufficio",
		weeklyHours: { '1': OFFICE_DAY, '2': OFFICE_DAY, '3': OFFICE_DAY, '4': OFFICE_DAY, '5': OFFICE_DAY, '6': [], '7': [] } as WeeklyHours,
		cutoffTime: '17:00:00',
		nationalHolidays: true,
		patronScope: 'comune' as const
	},
	{
		name: 'H24',
		weeklyHours: { '1': ALL_DAY, '2': ALL_DAY, '3': ALL_DAY, '4': ALL_DAY, '5': ALL_DAY, '6': ALL_DAY, '7': ALL_DAY } as WeeklyHours,
		cutoffTime: null,
		nationalHolidays: false,
		patronScope: 'none' as const
	}
];

type Targets = Record<'low' | 'medium' | 'high', [acknowledge: number, onsite: number, resolution: number]>;
const h = (hours: number) => hours * 60;

export const SLA_LEVELS: { code: 'BASE' | 'PLUS' | 'PREMIUM'; name: string; calendar: string; isDefault: boolean; targets: Targets }[] = [
	{
		code: 'BASE',
		name: 'Base',
		calendar: "Orario d'ufficio",
		isDefault: true,
		targets: { low: [h(16), h(40), h(80)], medium: [h(8), h(24), h(48)], high: [h(4), h(8), h(24)] }
	},
	{
		code: 'PLUS',
		name: 'Plus',
		calendar: "Orario d'ufficio",
		isDefault: false,
		targets: { low: [h(8), h(24), h(48)], medium: [h(4), h(16), h(32)], high: [h(2), h(4), h(16)] }
	},
	{
		code: 'PREMIUM',
		name: 'Premium H24',
		calendar: 'H24',
		isDefault: false,
		targets: { low: [h(4), h(24), h(48)], medium: [h(2), h(8), h(24)], high: [60, h(4), h(8)] }
	}
];
