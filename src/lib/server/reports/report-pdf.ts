import PDFDocument from 'pdfkit';
import * as m from '$lib/paraglide/messages';
import type { ReportDocument } from './reports.service';

/**
 * The printable report (A4, Italian formats, the company's language). Rendered inline: a report
 * with six 1600 px photos renders in well under a second here, so a job would only add latency.
 * The SHA-256 of the content is printed in every page's footer.
 */
const ZONE = 'Europe/Rome';
const L = { locale: 'it' as const };
const dateTime = new Intl.DateTimeFormat('it-IT', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: ZONE });
const count = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 0 });
const quantity = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 3 });

const OUTCOME: Record<string, () => string> = {
	resolved: () => m.rp_outcome_resolved({}, L),
	another_visit: () => m.rp_outcome_another_visit({}, L),
	needs_parts: () => m.rp_outcome_needs_parts({}, L)
};

export function outcomeLabel(outcome: string): string {
	return OUTCOME[outcome]?.() ?? outcome;
}

export function reportFileName(doc: ReportDocument): string {
	return `rapportino-${doc.call.number.replace(/[^0-9A-Za-z]+/g, '-')}-v${doc.report.version}.pdf`;
}

export async function renderReportPdf(doc: ReportDocument, now = new Date()): Promise<Buffer> {
	const { report, call } = doc;
	const pdf = new PDFDocument({ size: 'A4', margins: { top: 40, bottom: 60, left: 40, right: 40 }, bufferPages: true, info: { Title: `${m.rp_pdf_title({}, L)} ${call.number}`, Author: doc.companyName } });
	const chunks: Buffer[] = [];
	pdf.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<Buffer>((resolve, reject) => {
		pdf.on('end', () => resolve(Buffer.concat(chunks)));
		pdf.on('error', reject);
	});
	const width = pdf.page.width - 80;
	const heading = (text: string) => {
		pdf.moveDown(0.6).font('Helvetica-Bold').fontSize(11).fillColor('#1f3a5f').text(text, 40).fillColor('black').font('Helvetica').fontSize(10);
	};
	const field = (label: string, value: string) => {
		pdf.font('Helvetica-Bold').text(`${label}: `, 40, undefined, { continued: true }).font('Helvetica').text(value);
	};

	pdf.font('Helvetica-Bold').fontSize(16).text(doc.companyName, 40, 40);
	pdf.font('Helvetica').fontSize(13).text(`${m.rp_pdf_title({}, L)} · ${m.rp_pdf_call({ number: call.number }, L)}`);
	pdf.fontSize(9).fillColor('#555').text(`${m.rp_pdf_version({ version: String(report.version) }, L)} · ${m.rp_pdf_generated({ date: dateTime.format(now) }, L)}`).fillColor('black');
	if (report.correctionReason) pdf.fontSize(9).fillColor('#8a1c1c').text(m.rp_pdf_correction({ previous: String(report.version - 1), reason: report.correctionReason }, L)).fillColor('black');
	pdf.moveTo(40, pdf.y + 4).lineTo(40 + width, pdf.y + 4).strokeColor('#999').stroke();
	pdf.fontSize(10).moveDown(0.5);

	field(m.rp_pdf_customer({}, L), call.customerVat ? `${call.customerName} (${m.rp_pdf_vat({ vat: call.customerVat }, L)})` : call.customerName);
	field(m.rp_pdf_site({}, L), `${call.siteName}, ${call.siteAddress}, ${call.siteCap ? call.siteCap + ' ' : ''}${call.siteComune} (${call.siteProvince})`);
	field(m.rp_pdf_unit({}, L), call.serial ? m.rp_pdf_unit_value({ brand: call.brand ?? '', model: call.model ?? '', serial: call.serial }, L) : m.rp_pdf_no_unit({}, L));
	field(m.rp_pdf_problem({}, L), call.description);

	heading(m.rp_pdf_times({}, L));
	field(m.rp_pdf_arrived({}, L), dateTime.format(report.arrivedAt));
	field(m.rp_pdf_departed({}, L), dateTime.format(report.departedAt));
	field(m.rp_pdf_labour({}, L), m.rp_pdf_minutes({ minutes: String(report.labourMinutes) }, L));
	field(m.rp_pdf_travel({}, L), m.rp_pdf_minutes({ minutes: String(report.travelMinutes) }, L));

	heading(m.rp_pdf_work({}, L));
	pdf.text(report.workDone, { width });
	pdf.moveDown(0.3);
	field(m.rp_pdf_outcome({}, L), outcomeLabel(report.outcome));

	heading(m.rp_pdf_parts({}, L));
	if (doc.parts.length === 0) pdf.text(m.rp_pdf_none({}, L));
	for (const p of doc.parts) {
		pdf.text(`${quantity.format(Number(p.quantity))} × ${p.description}${p.code ? ` (${m.rp_pdf_code({}, L)} ${p.code})` : ''}`, { width });
	}

	heading(m.rp_pdf_readings({}, L));
	if (doc.readings.length === 0) pdf.text(m.rp_pdf_none({}, L));
	for (const r of doc.readings) {
		const review = r.status === 'review' ? ` (${m.rp_pdf_reading_review({}, L)})` : '';
		pdf.text(`${r.nameIt}: ${count.format(r.value)} ${r.unitIt} · ${dateTime.format(r.readAt)}${review}`);
	}

	if (doc.photos.length) {
		heading(m.rp_pdf_photos({}, L));
		const size = { w: 160, h: 120 };
		let x = 40;
		let y = pdf.y + 4;
		for (const photo of doc.photos) {
			if (x + size.w > 40 + width) {
				x = 40;
				y += size.h + 8;
			}
			if (y + size.h > pdf.page.height - 70) {
				pdf.addPage();
				x = 40;
				y = pdf.y;
			}
			pdf.image(Buffer.from(photo.bytes), x, y, { fit: [size.w, size.h], align: 'center', valign: 'center' });
			x += size.w + 8;
		}
		pdf.x = 40;
		pdf.y = y + size.h + 8;
	}

	heading(m.rp_pdf_signatures({}, L));
	if (pdf.y + 110 > pdf.page.height - 70) pdf.addPage();
	const top = pdf.y + 4;
	pdf.rect(40, top, 240, 90).strokeColor('#bbb').stroke();
	pdf.image(Buffer.from(report.customerSignature), 44, top + 4, { fit: [232, 82] });
	pdf.text(m.rp_pdf_customer_signature({ name: report.signerName }, L), 40, top + 94, { width: 240 });
	pdf.rect(300, top, 240, 90).strokeColor('#bbb').stroke();
	if (report.technicianSignature) pdf.image(Buffer.from(report.technicianSignature), 304, top + 4, { fit: [232, 82] });
	pdf.text(m.rp_pdf_technician_signature({ name: report.technicianName }, L), 300, top + 94, { width: 240 });

	// Footer on every page, written after the content so the page count is known. The bottom
	// margin is lifted while writing it, or pdfkit would open a new page for text below it.
	const range = pdf.bufferedPageRange();
	for (let i = range.start; i < range.start + range.count; i++) {
		pdf.switchToPage(i);
		const bottom = pdf.page.margins.bottom;
		pdf.page.margins.bottom = 0;
		pdf.fontSize(7).fillColor('#444');
		pdf.text(m.rp_pdf_hash({ hash: report.contentHash }, L), 40, pdf.page.height - 42, { width, lineBreak: false });
		pdf.text(`${m.rp_pdf_call({ number: call.number }, L)} · ${m.rp_pdf_version({ version: String(report.version) }, L)} · ${m.rp_pdf_page({ page: String(i + 1), pages: String(range.count) }, L)}`, 40, pdf.page.height - 32, { width, lineBreak: false });
		pdf.page.margins.bottom = bottom;
	}
	pdf.end();
	return done;
}
