import { z } from 'zod';
import { parsePlainDate } from '$lib/domain/contract-terms';
import { isValidCodiceFiscale, isValidPartitaIva, normalizeTaxId } from '$lib/domain/italian-tax-ids';
import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { db } from '../db/client';
import { ValidationError } from '../errors';
import * as queries from './billing.queries';

/**
 * The company's own invoicing details (cedente/prestatore): every issued invoice and FatturaPA
 * file carries them. Admins keep them (settings); the billing roles read them.
 */

export type CompanyProfile = Omit<queries.CompanyProfileRow, 'id'>;

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : typeof v === 'string' ? v.trim() : v);
const required = (what: string, max = 200) => z.string({ message: `${what} is required` }).trim().min(1, `${what} is required`).max(max, `${what}: at most ${max} characters`);
const optional = <T extends z.ZodType<string>>(schema: T) => z.preprocess(blankToNull, schema.nullable()).optional().default(null);

/** FatturaPA RegimeFiscale codes of schema 1.2.2 (RF01 ordinary ... RF19 flat rate). */
const REGIMI = ['RF01', 'RF02', 'RF04', 'RF05', 'RF06', 'RF07', 'RF08', 'RF09', 'RF10', 'RF11', 'RF12', 'RF13', 'RF14', 'RF15', 'RF16', 'RF17', 'RF18', 'RF19'] as const;

export const companyProfileInput = z
	.object({
		businessName: required('businessName', 80),
		vatNumber: z.preprocess((v) => (typeof v === 'string' ? normalizeTaxId(v).replace(/^IT/, '') : v), z.string({ message: 'vatNumber is required' }).refine(isValidPartitaIva, 'not a valid partita IVA: 11 digits, the last one a check digit')),
		fiscalCode: optional(z.preprocess((v) => (typeof v === 'string' ? normalizeTaxId(v) : v), z.string().refine(isValidCodiceFiscale, 'not a valid codice fiscale'))),
		regimeFiscale: z.enum(REGIMI, { message: 'regimeFiscale must be a FatturaPA code from RF01 to RF19' }).default('RF01'),
		address: required('address', 60),
		cap: z.string({ message: 'a CAP has 5 digits' }).trim().regex(/^\d{5}$/, 'a CAP has 5 digits'),
		comuneName: required('comuneName', 60),
		province: z.preprocess((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v), z.string({ message: 'a province is two letters, e.g. MI' }).regex(/^[A-Z]{2}$/, 'a province is two letters, e.g. MI')),
		pec: optional(z.email({ message: 'not a valid PEC address' }).max(200)),
		email: optional(z.email({ message: 'not a valid email address' }).max(200)),
		phone: optional(z.string().max(40, 'phone: at most 40 characters')),
		iban: optional(z.preprocess((v) => (typeof v === 'string' ? v.replace(/\s+/g, '').toUpperCase() : v), z.string().regex(/^IT\d{2}[A-Z]\d{10}[0-9A-Z]{12}$/, 'an Italian IBAN has 27 characters: IT, 2 digits, a letter, 22 more'))),
		defaultVatRate: z.preprocess(
			(v) => (typeof v === 'number' ? v.toFixed(2) : typeof v === 'string' ? v.trim().replace(',', '.') : v),
			z.string({ message: 'defaultVatRate is a percentage such as 22' }).regex(/^\d{1,2}(\.\d{1,2})?$/, 'defaultVatRate is a percentage such as 22').transform((v) => Number(v).toFixed(2))
		).default('22.00'),
		billingStartsOn: z.string({ message: 'billingStartsOn is the first day Quadro bills (YYYY-MM-DD)' }).refine((v) => parsePlainDate(v) !== null, 'billingStartsOn is the first day Quadro bills (YYYY-MM-DD)')
	})
	.strict();

async function readProfile(): Promise<CompanyProfile | null> {
	const row = await queries.findCompanyProfile(db());
	if (!row) return null;
	const { id: _id, ...profile } = row;
	return profile;
}

export async function getCompanyProfile(actor: Actor): Promise<CompanyProfile | null> {
	authorize(actor, 'billing.read');
	return readProfile();
}

export async function saveCompanyProfile(actor: Actor, input: unknown, ip: string | null = null): Promise<CompanyProfile> {
	authorize(actor, 'settings.manage');
	const parsed = companyProfileInput.safeParse(input ?? {});
	if (!parsed.success) throw ValidationError.fromZod(parsed.error);
	await db().transaction(async (tx) => {
		await queries.saveCompanyProfile(tx, parsed.data);
		await audit({ actorUserId: actor.id, action: 'company_profile.save', ip }, tx);
	});
	return (await readProfile())!;
}
