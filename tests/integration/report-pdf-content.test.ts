import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/auth/actor';
import { saveMailSettings } from '../../src/lib/server/mail/mail-settings.service';
import { closeReportMailQueue } from '../../src/lib/server/reports/report-mail.queue';
import { reportPdf, submitReport } from '../../src/lib/server/reports/reports.service';
import { pdfText } from '../support/pdf-text';
import { createTestUser } from '../support/users';
import { reportBody, reportWorld } from './reports.fixtures';
import { freshDatabase, type FreshDatabase } from './support/database';

// What the customer reads on the printed report: who, where, what was used, and when, in the
// company's language and time zone (Europe/Rome), whatever the server's own zone.

let fresh: FreshDatabase;
let world: Awaited<ReturnType<typeof reportWorld>>;
let mario: Actor;
let dispatcher: Actor;

/** The PDF's text with runs of white space made single spaces (pdf.js splits lines and runs). */
const flat = (text: string) => text.replace(/\s+/g, ' ');

beforeAll(async () => {
	fresh = await freshDatabase();
	world = await reportWorld(fresh.db);
	[mario] = world.techs;
	dispatcher = await createTestUser(fresh.db, 'dispatcher');
	const admin = await createTestUser(fresh.db, 'admin');
	// No SMTP server here: the mail job is only queued. The company name heads the PDF.
	await saveMailSettings(admin, { host: '127.0.0.1', port: 2, secure: false, from: 'rapportini@quadro.test', companyName: 'Assistenza Padana Srl' });
});
afterAll(async () => {
	await closeReportMailQueue();
	await fresh?.close();
});

describe('the report PDF says', () => {
	it('the customer, the site, the parts used and the times, in Italian and Rome time', async () => {
		const call = await world.callOnSite(world.techs[0]);
		const r = await submitReport(
			mario,
			call.id,
			reportBody({
				// Summer (CEST, UTC+2): 07:05 UTC is 09:05 in Rome; the departure crosses midnight UTC.
				arrivedAt: '2026-07-15T07:05:00Z',
				departedAt: '2026-07-15T22:40:00Z',
				labourMinutes: 95,
				travelMinutes: 35,
				workDone: 'Sostituito il fusore e regolata la pressione dei rulli.',
				parts: [
					{ description: 'Fusore 220 V', quantity: 1, code: 'FK-1150' },
					{ description: 'Cavo di rete schermato (metri)', quantity: 2.5 },
					{ description: 'Punti metallici', quantity: 25000 }
				],
				readings: []
			})
		);
		const pdf = await reportPdf(dispatcher, call.id, r.id);
		const text = flat((await pdfText(pdf.bytes)).text);

		expect(text).toContain('Assistenza Padana Srl');
		expect(text).toContain(`Chiamata ${call.number}`);
		// Customer and site, as the site is stored: name, street, postcode, comune, province.
		expect(text).toContain('Cliente: Rapporti Srl');
		expect(text).toContain('Sede: Sede di Milano, Via Verdi 3, 20121 Milano (MI)');
		expect(text).toContain(`matricola ${world.serial}`);
		// Times in Rome: arrival 09:05 CEST, departure 00:40 of the next day.
		expect(text).toContain('Arrivo: 15/07/2026, 09:05');
		expect(text).toContain('Partenza: 16/07/2026, 00:40');
		expect(text).toContain('Manodopera: 95 min');
		expect(text).toContain('Viaggio: 35 min');
		// Parts, each line with its quantity in Italian number format and its code when given.
		expect(text).toContain('Ricambi utilizzati');
		expect(text).toContain('1 × Fusore 220 V (Codice FK-1150)');
		expect(text).toContain('2,5 × Cavo di rete schermato (metri)');
		expect(text).toContain('25.000 × Punti metallici');
		expect(text.indexOf('Fusore 220 V')).toBeLessThan(text.indexOf('Cavo di rete'));
		expect(text.indexOf('Cavo di rete')).toBeLessThan(text.indexOf('Punti metallici'));
		expect(text).toContain('Sostituito il fusore e regolata la pressione dei rulli.');
		expect(text).toContain('Firma del cliente: Anna Rossi');
		expect(text).toContain('Tecnico: Mario Bianchi');
		expect(text.replace(/\s/g, '')).toContain(r.contentHash);
	});

	it('winter time and a report with no parts', async () => {
		const call = await world.callOnSite(world.techs[0]);
		// Winter (CET, UTC+1): 16:30 UTC is 17:30 in Rome.
		const r = await submitReport(mario, call.id, reportBody({ arrivedAt: '2026-01-20T16:30:00Z', departedAt: '2026-01-20T17:00:00Z', labourMinutes: 30, travelMinutes: 0, parts: [], readings: [] }));
		const text = flat((await pdfText((await reportPdf(dispatcher, call.id, r.id)).bytes)).text);
		expect(text).toContain('Arrivo: 20/01/2026, 17:30');
		expect(text).toContain('Partenza: 20/01/2026, 18:00');
		expect(text).toContain('Viaggio: 0 min');
		expect(text).toMatch(/Ricambi utilizzati Nessuno/);
		expect(text).toContain('Cliente: Rapporti Srl');
	});
});
