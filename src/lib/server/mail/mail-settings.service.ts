import { z } from 'zod';
import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { db } from '../db/client';
import { ValidationError } from '../errors';
import { MAIL_SETTINGS_KEY, readMeta, writeMeta } from './mail-settings.queries';

/**
 * SMTP settings live in app_meta (one JSON value): one row, no migration, read by the web and
 * the worker processes alike. The password is stored as given (the database is the trust
 * boundary, as for every other secret the app keeps) and never sent back to a page.
 */
export const smtpSettings = z.object({
	host: z.string().trim().min(1, 'required').max(255, 'at most 255 characters'),
	port: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be 1-65535').max(65535, 'must be 1-65535'),
	secure: z.boolean().default(false),
	user: z.string().trim().max(255).default(''),
	password: z.string().max(255).default(''),
	from: z.email({ message: 'must be an email address' }).max(255)
});
export type SmtpSettings = z.infer<typeof smtpSettings>;

/** What the settings page submits: an empty password keeps the stored one. */
const settingsInput = smtpSettings.extend({ password: z.string().max(255).optional(), companyName: z.string().trim().max(200).optional() });

/** The settings the mailer uses; null while nobody configured SMTP. */
export async function currentSmtpSettings(): Promise<SmtpSettings | null> {
	const raw = await readMeta(db(), MAIL_SETTINGS_KEY);
	if (!raw) return null;
	const parsed = smtpSettings.safeParse(JSON.parse(raw));
	return parsed.success ? parsed.data : null;
}

export async function getMailSettings(actor: Actor) {
	authorize(actor, 'settings.manage');
	const s = await currentSmtpSettings();
	const companyName = (await readMeta(db(), 'company.name')) ?? '';
	return { host: s?.host ?? '', port: s?.port ?? 587, secure: s?.secure ?? false, user: s?.user ?? '', from: s?.from ?? '', hasPassword: !!s?.password, companyName };
}

export async function saveMailSettings(actor: Actor, input: unknown, ip: string | null = null) {
	authorize(actor, 'settings.manage');
	const result = settingsInput.safeParse(input);
	if (!result.success) throw ValidationError.fromZod(result.error);
	const { companyName, ...data } = result.data;
	const previous = await currentSmtpSettings();
	const password = data.password ? data.password : (previous?.password ?? '');
	const settings: SmtpSettings = { ...data, password, user: data.user ?? '', secure: data.secure ?? false };
	await db().transaction(async (tx) => {
		await writeMeta(tx, MAIL_SETTINGS_KEY, JSON.stringify(settings));
		if (companyName !== undefined) await writeMeta(tx, 'company.name', companyName);
		await audit({ action: 'settings.mail', actorUserId: actor.id, ip, details: { host: settings.host, port: settings.port, secure: settings.secure, user: settings.user, from: settings.from } }, tx);
	});
	return getMailSettings(actor);
}
