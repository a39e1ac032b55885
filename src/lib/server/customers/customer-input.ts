/**
 * What a customer, a site and a contact may look like, checked without I/O so the services
 * (first problem -> 400) and the CSV imports (every problem of every row) share one set of rules.
 * Lookups that need the database (comune, uniqueness) happen in the services.
 */
import { z } from 'zod';
import { isValidCodiceFiscale, isValidPartitaIva, normalizeTaxId } from '$lib/domain/italian-tax-ids';
import type { LngLat } from '../db/geo-types';

export type FieldProblem = { field: string; message: string };

/** Italy's bounding box, a little generous: Lampedusa to the Vetta d'Italia, Sardinia to Otranto. */
export const ITALY_BOUNDS = { minLng: 6.6, maxLng: 18.6, minLat: 35.4, maxLat: 47.1 } as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
	return UUID.test(value);
}

function blankToNull(v: unknown): unknown {
	if (v === undefined || v === null) return null;
	if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
	return v;
}

const optionalText = (max: number) =>
	z.preprocess(blankToNull, z.string({ message: 'must be text' }).max(max, `at most ${max} characters`).nullable());
const requiredText = (max: number) =>
	z.preprocess(
		(v) => (typeof v === 'string' ? v.trim() : v),
		z.string({ message: 'required' }).min(1, 'required').max(max, `at most ${max} characters`)
	);

/** "IT 01234567890" or "01234 567 890" -> "01234567890": people paste P.IVA with prefix and spaces. */
export function normalizeVatNumber(value: string): string {
	const v = normalizeTaxId(value);
	return /^IT\d{11}$/.test(v) ? v.slice(2) : v;
}

const taxId = (normalize: (s: string) => string) => (v: unknown) => {
	const b = blankToNull(v);
	return typeof b === 'string' ? normalize(b) : b;
};

export const VAT_MESSAGE = 'not a valid partita IVA: 11 digits, the last one a check digit';
export const CF_MESSAGE = 'not a valid codice fiscale: 16 characters for a person, 11 digits for a company or body';
export const SDI_MESSAGE = 'the SDI recipient code has 7 letters or digits';
export const SDI_OR_PEC_MESSAGE =
	'a company with a partita IVA needs an SDI recipient code (7 characters) or a PEC address, or electronic invoices (FatturaPA) cannot reach it';
export const TAX_ID_MESSAGE = 'enter the partita IVA, or the codice fiscale for a person or a body without one';
const emailMessage = 'not a valid email address';

const vatNumber = z.preprocess(
	taxId(normalizeVatNumber),
	z.string({ message: VAT_MESSAGE }).refine(isValidPartitaIva, VAT_MESSAGE).nullable()
);
const fiscalCode = z.preprocess(
	taxId(normalizeTaxId),
	z.string({ message: CF_MESSAGE }).refine(isValidCodiceFiscale, CF_MESSAGE).nullable()
);
const sdiCode = z.preprocess(
	taxId(normalizeTaxId),
	z.string({ message: SDI_MESSAGE }).regex(/^[A-Z0-9]{7}$/, SDI_MESSAGE).nullable()
);
const email = z.preprocess(blankToNull, z.email({ message: emailMessage }).max(200).nullable());
const cap = z.preprocess(blankToNull, z.string({ message: 'a CAP has 5 digits' }).regex(/^\d{5}$/, 'a CAP has 5 digits').nullable());
const comuneIstat = z.preprocess(blankToNull, z.string({ message: 'an ISTAT code has 6 digits' }).regex(/^\d{6}$/, 'an ISTAT code has 6 digits').nullable());
const province = z.preprocess(
	taxId((s) => s.toUpperCase()),
	z.string({ message: 'a province is two letters, e.g. MI' }).regex(/^[A-Z]{2}$/, 'a province is two letters, e.g. MI').nullable()
);
const customerCode = z.preprocess(
	taxId((s) => s.toUpperCase()),
	z
		.string({ message: 'letters, digits, dot, dash or underscore, at most 20' })
		.regex(/^[A-Z0-9][A-Z0-9._-]{0,19}$/, 'letters, digits, dot, dash or underscore, at most 20')
		.nullable()
);

/** A whole number from a number or a form/CSV string; blanks become the default. */
const wholeNumber = (min: number, max: number, fallback: number) =>
	z.preprocess(
		(v) => {
			const b = blankToNull(v);
			if (b === null) return fallback;
			return typeof b === 'string' && /^-?\d+$/.test(b) ? Number(b) : b;
		},
		z.number({ message: `a whole number from ${min} to ${max}` }).int(`a whole number from ${min} to ${max}`).min(min, `a whole number from ${min} to ${max}`).max(max, `a whole number from ${min} to ${max}`)
	);

const flag = z.preprocess((v) => (v === undefined || v === null ? true : v), z.boolean({ message: 'true or false' }));

const customerShape = z.object({
	code: customerCode.optional().default(null),
	businessName: requiredText(200),
	vatNumber: vatNumber.optional().default(null),
	fiscalCode: fiscalCode.optional().default(null),
	sdiCode: sdiCode.optional().default(null),
	pec: email.optional().default(null),
	address: requiredText(200),
	cap: cap.optional().default(null),
	comuneIstat: comuneIstat.optional().default(null),
	comuneName: optionalText(120).optional().default(null),
	province: province.optional().default(null),
	email: email.optional().default(null),
	phone: optionalText(40).optional().default(null),
	paymentTermsDays: wholeNumber(0, 365, 30).optional().default(30),
	notes: optionalText(2000).optional().default(null),
	active: flag.optional().default(true)
});

export type CustomerValues = z.infer<typeof customerShape>;
export const CUSTOMER_FIELDS = Object.keys(customerShape.shape) as (keyof CustomerValues)[];

function problemsOf(error: z.ZodError): FieldProblem[] {
	return error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message }));
}

/**
 * Every problem of a customer record (not only the first). The codice fiscale of a company
 * defaults to its P.IVA, which is what the Agenzia delle Entrate assigns.
 */
export function checkCustomer(input: unknown): { value: CustomerValues | null; problems: FieldProblem[] } {
	if (typeof input !== 'object' || input === null || Array.isArray(input)) return { value: null, problems: [{ field: 'body', message: 'expected an object' }] };
	const parsed = customerShape.safeParse(input);
	const problems = parsed.success ? [] : problemsOf(parsed.error);
	// The rules across fields run even when another field is wrong, so an import lists everything.
	const record = input as Record<string, unknown>;
	const part = <T>(schema: z.ZodType<T>, v: unknown): T | null => {
		const r = schema.safeParse(v);
		return r.success ? r.data : null;
	};
	const vat = parsed.success ? parsed.data.vatNumber : part(vatNumber, record.vatNumber);
	const cf = parsed.success ? parsed.data.fiscalCode : part(fiscalCode, record.fiscalCode);
	const sdi = parsed.success ? parsed.data.sdiCode : part(sdiCode, record.sdiCode);
	const pec = parsed.success ? parsed.data.pec : part(email, record.pec);
	const taxIdBroken = problems.some((p) => p.field === 'vatNumber' || p.field === 'fiscalCode');
	const channelBroken = problems.some((p) => p.field === 'sdiCode' || p.field === 'pec');
	if (!vat && !cf && !taxIdBroken) problems.push({ field: 'vatNumber', message: TAX_ID_MESSAGE });
	if (vat && !sdi && !pec && !channelBroken) problems.push({ field: 'sdiCode', message: SDI_OR_PEC_MESSAGE });
	if (!parsed.success || problems.length) return { value: null, problems };
	const value = parsed.data;
	if (value.vatNumber && !value.fiscalCode) value.fiscalCode = value.vatNumber;
	return { value, problems };
}

// ---------------------------------------------------------------------------------------------
// Sites

/** "45,4642" or "45.4642" or 45.4642 -> 45.4642; anything else stays as it is for zod to refuse. */
export function coordinate(v: unknown): unknown {
	if (typeof v === 'string') {
		const t = v.trim().replace(',', '.');
		if (t === '') return null;
		return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : v;
	}
	return v;
}

const lng = z.preprocess(
	coordinate,
	z
		.number({ message: `longitude in Italy: a number from ${ITALY_BOUNDS.minLng} to ${ITALY_BOUNDS.maxLng}` })
		.min(ITALY_BOUNDS.minLng, `longitude outside Italy (${ITALY_BOUNDS.minLng} to ${ITALY_BOUNDS.maxLng})`)
		.max(ITALY_BOUNDS.maxLng, `longitude outside Italy (${ITALY_BOUNDS.minLng} to ${ITALY_BOUNDS.maxLng})`)
);
const lat = z.preprocess(
	coordinate,
	z
		.number({ message: `latitude in Italy: a number from ${ITALY_BOUNDS.minLat} to ${ITALY_BOUNDS.maxLat}` })
		.min(ITALY_BOUNDS.minLat, `latitude outside Italy (${ITALY_BOUNDS.minLat} to ${ITALY_BOUNDS.maxLat})`)
		.max(ITALY_BOUNDS.maxLat, `latitude outside Italy (${ITALY_BOUNDS.minLat} to ${ITALY_BOUNDS.maxLat})`)
);
export const locationSchema = z.object({ lng, lat }, { message: 'expected {lng, lat}' });

const siteShape = z.object({
	name: requiredText(120),
	address: requiredText(200),
	comuneIstat: z.preprocess(blankToNull, z.string({ message: 'required: the ISTAT code of the comune' }).regex(/^\d{6}$/, 'an ISTAT code has 6 digits')),
	cap: cap.optional().default(null),
	location: locationSchema.nullable().optional().default(null),
	accessNotes: optionalText(1000).optional().default(null),
	openingHours: optionalText(500).optional().default(null),
	active: flag.optional().default(true)
});

export type SiteValues = z.infer<typeof siteShape> & { location: LngLat | null };

export function checkSite(input: unknown): { value: SiteValues | null; problems: FieldProblem[] } {
	if (typeof input !== 'object' || input === null || Array.isArray(input)) return { value: null, problems: [{ field: 'body', message: 'expected an object' }] };
	const parsed = siteShape.safeParse(input);
	if (!parsed.success) return { value: null, problems: problemsOf(parsed.error) };
	return { value: parsed.data, problems: [] };
}

// ---------------------------------------------------------------------------------------------
// Contacts

const contactShape = z.object({
	siteId: z.preprocess(blankToNull, z.string({ message: 'not a site of this customer' }).regex(UUID, 'not a site of this customer').nullable()).optional().default(null),
	name: requiredText(120),
	role: optionalText(80).optional().default(null),
	phone: optionalText(40).optional().default(null),
	email: email.optional().default(null),
	notes: optionalText(1000).optional().default(null)
});
export type ContactValues = z.infer<typeof contactShape>;

export function checkContact(input: unknown): { value: ContactValues | null; problems: FieldProblem[] } {
	if (typeof input !== 'object' || input === null || Array.isArray(input)) return { value: null, problems: [{ field: 'body', message: 'expected an object' }] };
	const parsed = contactShape.safeParse(input);
	if (!parsed.success) return { value: null, problems: problemsOf(parsed.error) };
	return { value: parsed.data, problems: [] };
}

// ---------------------------------------------------------------------------------------------
// List filters

const yesNo = z.preprocess((v) => {
	const b = blankToNull(v);
	if (b === null) return null;
	if (b === 'true' || b === '1' || b === true) return true;
	if (b === 'false' || b === '0' || b === false) return false;
	return b;
}, z.boolean({ message: 'true or false' }).nullable());

const listFilterShape = z.object({
	q: optionalText(100).optional().default(null),
	province: province.optional().default(null),
	region: z.preprocess(blankToNull, z.string().regex(/^\d{2}$/, 'a region is its two-digit ISTAT code, e.g. 03').nullable()).optional().default(null),
	active: yesNo.optional().default(null),
	hasContract: yesNo.optional().default(null),
	customerId: z.preprocess(blankToNull, z.string().regex(UUID, 'not a customer id').nullable()).optional().default(null)
});
export type ListFilter = z.infer<typeof listFilterShape>;

export function checkListFilter(input: unknown): { value: ListFilter | null; problems: FieldProblem[] } {
	const parsed = listFilterShape.safeParse(input ?? {});
	if (!parsed.success) return { value: null, problems: problemsOf(parsed.error) };
	return { value: parsed.data, problems: [] };
}
