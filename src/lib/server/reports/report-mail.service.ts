import * as m from '$lib/paraglide/messages';
import { db } from '../db/client';
import { logger } from '../logger';
import { sendMail } from '../mail/mailer';
import { currentSmtpSettings } from '../mail/mail-settings.service';
import { renderReportPdf, reportFileName } from './report-pdf';
import { loadReportDocument } from './reports.service';
import * as queries from './reports.queries';

const L = { locale: 'it' as const };
const day = new Intl.DateTimeFormat('it-IT', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Rome' });

/**
 * Sends a report version's PDF to the site contact (the 'reports.send-mail' job). Each attempt
 * is recorded on the report (sent / failed with the error); a failure is rethrown so BullMQ
 * retries with backoff. Already sent: nothing happens (at-least-once delivery of the job).
 */
export async function sendReportMail(reportId: string): Promise<{ status: string }> {
	const mail = await queries.getMail(db(), reportId);
	if (!mail) throw new Error(`report ${reportId} has no mail record`);
	if (mail.status === 'sent' || mail.status === 'no_recipient' || !mail.recipient) return { status: mail.status };
	try {
		const settings = await currentSmtpSettings();
		if (!settings) throw new Error('SMTP is not configured (Settings > Mail)');
		const doc = await loadReportDocument(reportId);
		if (!doc) throw new Error(`report ${reportId} not found`);
		const pdf = await renderReportPdf(doc);
		const number = doc.call.number;
		const sent = await sendMail(settings, {
			to: mail.recipient,
			subject: m.rp_mail_subject({ number }, L),
			text: m.rp_mail_text({ number, date: day.format(doc.report.departedAt), signer: doc.report.signerName, company: doc.companyName }, L),
			attachments: [{ filename: reportFileName(doc), content: pdf, contentType: 'application/pdf' }]
		});
		await queries.recordMailAttempt(db(), reportId, { ok: true, messageId: sent.messageId });
		return { status: 'sent' };
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		await queries.recordMailAttempt(db(), reportId, { ok: false, error: message });
		logger().warn({ reportId, err: message }, 'report mail failed; the job will retry');
		throw error;
	}
}
