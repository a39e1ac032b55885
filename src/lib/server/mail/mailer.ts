import nodemailer from 'nodemailer';
import type { SmtpSettings } from './mail-settings.service';

export type Attachment = { filename: string; content: Buffer; contentType: string };
export type OutgoingMail = { to: string; subject: string; text: string; attachments?: Attachment[] };

/**
 * Sends one message over the configured SMTP server. Short timeouts: a server that is down must
 * fail the attempt quickly so the job retries later instead of holding a worker slot.
 */
export async function sendMail(settings: SmtpSettings, mail: OutgoingMail): Promise<{ messageId: string | null }> {
	const transport = nodemailer.createTransport({
		host: settings.host,
		port: settings.port,
		secure: settings.secure,
		auth: settings.user ? { user: settings.user, pass: settings.password } : undefined,
		connectionTimeout: 10_000,
		greetingTimeout: 10_000,
		socketTimeout: 30_000
	});
	try {
		const info = await transport.sendMail({ from: settings.from, to: mail.to, subject: mail.subject, text: mail.text, attachments: mail.attachments });
		return { messageId: info.messageId ?? null };
	} finally {
		transport.close();
	}
}
