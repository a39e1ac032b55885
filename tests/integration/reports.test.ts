import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/auth/actor';
import { assignments, fieldReportMails, fieldReports, meterReadings } from '../../src/lib/server/db/schema';
import { changeStatus } from '../../src/lib/server/calls/calls.service';
import { ConflictError, ForbiddenError, ValidationError } from '../../src/lib/server/errors';
import { changeMyCallStatus } from '../../src/lib/server/field/field-actions.service';
import { startWorkers, type WorkerSet } from '../../src/lib/server/jobs/queues';
import { saveMailSettings } from '../../src/lib/server/mail/mail-settings.service';
import { contentHash } from '../../src/lib/server/reports/content-hash';
import { closeReportMailQueue } from '../../src/lib/server/reports/report-mail.queue';
import { ReportReadingRefusedError } from '../../src/lib/server/reports/report-readings';
import { getReportVersion, listReportVersions, reportPdf, submitReport } from '../../src/lib/server/reports/reports.service';
import { pdfText } from '../support/pdf-text';
import { freePort } from '../support/server-process';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { createTestUser } from '../support/users';
import { callStatusOf, countWhere, reportBody, reportWorld } from './reports.fixtures';
import { freshDatabase, type FreshDatabase } from './support/database';

let fresh: FreshDatabase;
let sink: SmtpSink;
let workers: WorkerSet;
let world: Awaited<ReturnType<typeof reportWorld>>;
let mario: Actor;
let luca: Actor;
let supervisor: Actor;
let dispatcher: Actor;
let admin: Actor;

beforeAll(async () => {
	fresh = await freshDatabase();
	sink = await startSmtpSink();
	world = await reportWorld(fresh.db);
	[mario, luca] = world.techs;
	supervisor = await createTestUser(fresh.db, 'supervisor');
	dispatcher = await createTestUser(fresh.db, 'dispatcher');
	admin = await createTestUser(fresh.db, 'admin');
	await saveMailSettings(admin, { host: '127.0.0.1', port: sink.port, secure: false, from: 'rapportini@quadro.test', companyName: 'Assistenza Lombarda Srl' });
	workers = await startWorkers({ concurrency: 2, schedule: false });
});
afterAll(async () => {
	await workers?.close();
	await closeReportMailQueue();
	await sink?.close();
	await fresh?.close();
});

describe('submitting a report', () => {
	it('stores the report with its reading, completes the call, and mails the PDF to the site contact', async () => {
		const call = await world.callOnSite(world.techs[0]);
		const started = performance.now();
		const result = await submitReport(mario, call.id, reportBody());
		expect(result).toMatchObject({ callId: call.id, version: 1, callStatus: 'completed' });
		expect(result.contentHash).toMatch(/^[0-9a-f]{64}$/);
		expect(await callStatusOf(fresh.db, call.id)).toBe('completed');

		const version = await getReportVersion(supervisor, call.id, result.id);
		expect(version).toMatchObject({ callNumber: call.number, version: 1, outcome: 'resolved', signerName: 'Anna Rossi', technicianName: 'Mario Bianchi', hashValid: true, photoCount: 1 });
		expect(version.readings).toEqual([expect.objectContaining({ meterType: 'mono', value: 12_345, status: 'accepted' })]);
		expect(version.parts).toEqual([{ description: 'Rullo alimentazione', quantity: 1, code: 'KY-302' }]);

		const mail = await sink.waitFor((m) => m.subject === `Rapporto di intervento ${call.number}`);
		expect(mail.to && 'text' in mail.to ? mail.to.text : '').toContain('anna.rossi@rapporti.test');
		const attachment = mail.attachments.find((a) => a.contentType === 'application/pdf');
		expect(attachment, 'the PDF is attached').toBeTruthy();
		const { text } = await pdfText(attachment!.content);
		expect(text).toContain(call.number);
		expect(text).toContain('Assistenza Lombarda Srl');
		expect(text).toContain(world.serial);
		expect(text.replace(/\s/g, '')).toContain(result.contentHash);
		expect(text).toContain('12.345');
		console.info(`report submit + mail round trip: ${Math.round(performance.now() - started)} ms`);

		const [row] = await fresh.db.select().from(fieldReportMails).where(eq(fieldReportMails.reportId, result.id));
		expect(row).toMatchObject({ status: 'sent', recipient: 'anna.rossi@rapporti.test', attempts: 1 });
	});

	it('applies a replayed clientId exactly once, even when the replays race', async () => {
		const call = await world.callOnSite(world.techs[0]);
		const body = reportBody();
		const results = await Promise.all([submitReport(mario, call.id, body), submitReport(mario, call.id, body), submitReport(mario, call.id, body)]);
		const again = await submitReport(mario, call.id, body);
		for (const r of [...results, again]) expect(r).toEqual(results[0]);
		expect(await countWhere(fresh.db, 'field_reports', 'call_id', call.id)).toBe(1);
		const readings = await fresh.db.select().from(meterReadings).where(eq(meterReadings.enteredBy, mario.id));
		expect(readings.filter((r) => r.clientId === `${body.clientId}#reading-0`)).toHaveLength(1);
		const history = await fresh.db.execute<{ n: number }>(sql`select count(*)::int as n from call_status_history where call_id = ${call.id} and to_status = 'completed'`);
		expect(history[0].n).toBe(1);
	});

	it('refuses a technician the call is not assigned to, and lets office roles read', async () => {
		const call = await world.callOnSite(world.techs[0]);
		await expect(submitReport(luca, call.id, reportBody())).rejects.toBeInstanceOf(ForbiddenError);
		await expect(listReportVersions(luca, call.id)).rejects.toBeInstanceOf(ForbiddenError);
		expect(await callStatusOf(fresh.db, call.id)).toBe('on_site');
		// Office roles cannot file a technician's report, only read it.
		await expect(submitReport(dispatcher, call.id, reportBody())).rejects.toBeInstanceOf(ForbiddenError);
		await submitReport(mario, call.id, reportBody());
		expect(await listReportVersions(supervisor, call.id)).toHaveLength(1);
		expect(await listReportVersions(mario, call.id)).toHaveLength(1);
	});

	it('refuses a reading the installed-base rules refuse, naming the field, and stores nothing', async () => {
		const call = await world.callOnSite(world.techs[0]);
		const error = await submitReport(mario, call.id, reportBody({ readings: [{ meterType: 'mono', value: 5 }] })).catch((e) => e);
		expect(error).toBeInstanceOf(ReportReadingRefusedError);
		expect(error).toMatchObject({ field: 'readings.0.value', reason: 'lower_than_previous' });
		const unknownMeter = await submitReport(mario, call.id, reportBody({ readings: [{ meterType: 'colour', value: 5 }] })).catch((e) => e);
		expect(unknownMeter).toMatchObject({ field: 'readings.0.meterType' });
		expect(await countWhere(fresh.db, 'field_reports', 'call_id', call.id)).toBe(0);
		expect(await callStatusOf(fresh.db, call.id)).toBe('on_site');
	});

	it('checks inputs: times, images by their bytes, the call status', async () => {
		const call = await world.callOnSite(world.techs[0], 'travelling');
		const cases: Array<[Record<string, unknown>, string]> = [
			[{ departedAt: new Date(Date.now() - 10 * 3600_000).toISOString() }, 'departedAt'],
			[{ outcome: 'maybe' }, 'outcome'],
			[{ labourMinutes: -5 }, 'labourMinutes'],
			[{ parts: [{ description: '', quantity: 1 }] }, 'parts.0.description'],
			[{ photos: ['data:image/jpeg;base64,R0lGODlhAQABAAAAACw='] }, 'photos.0'],
			[{ customerSignature: 'data:image/png;base64,' + Buffer.from('not a png').toString('base64') }, 'customerSignature'],
			[{ signerName: '' }, 'signerName']
		];
		for (const [override, field] of cases) {
			const error = await submitReport(mario, call.id, reportBody(override)).catch((e) => e);
			expect(error, field).toBeInstanceOf(ValidationError);
			expect(error.field).toBe(field);
		}
		const notOnSite = await submitReport(mario, call.id, reportBody()).catch((e) => e);
		expect(notOnSite).toBeInstanceOf(ConflictError);
		expect(notOnSite.field).toBe('status');
	});
});

describe('the office changed the call while the report waited on the phone', () => {
	/** What the refusal leaves behind: no report, no reading, the call as the office left it. */
	async function nothingStored(callId: string, clientId: string, status: string) {
		expect(await countWhere(fresh.db, 'field_reports', 'call_id', callId)).toBe(0);
		const readings = await fresh.db.select({ clientId: meterReadings.clientId }).from(meterReadings).where(eq(meterReadings.enteredBy, mario.id));
		expect(readings.filter((r) => r.clientId?.startsWith(clientId))).toHaveLength(0);
		expect(await callStatusOf(fresh.db, callId)).toBe(status);
	}

	it('a cancelled call refuses the report as call.cancelled, whether it was on site or not yet', async () => {
		// Offline, the technician's "on site" and the report both wait on the phone; the office cancels the confirmed call.
		const waiting = await world.callOnSite(world.techs[0], 'confirmed');
		await changeStatus(dispatcher, waiting.id, { status: 'cancelled', reason: 'Il cliente ha risolto da solo' });
		const body = reportBody();
		const refused = await submitReport(mario, waiting.id, body).catch((e) => e);
		expect(refused).toBeInstanceOf(ConflictError);
		expect(refused).toMatchObject({ field: 'call.cancelled', message: 'the office cancelled this call' });
		await nothingStored(waiting.id, body.clientId, 'cancelled');

		// On site: the office holds the call, then cancels it.
		const onSite = await world.callOnSite(world.techs[0]);
		await changeStatus(dispatcher, onSite.id, { status: 'on_hold', reason: 'Il cliente chiede di sospendere' });
		await changeStatus(dispatcher, onSite.id, { status: 'cancelled', reason: 'Contratto disdetto' });
		const second = reportBody();
		const refusedOnSite = await submitReport(mario, onSite.id, second).catch((e) => e);
		expect(refusedOnSite).toMatchObject({ field: 'call.cancelled' });
		await nothingStored(onSite.id, second.clientId, 'cancelled');
		// The replay the outbox might send is refused the same way, and still stores nothing.
		expect(await submitReport(mario, onSite.id, second).catch((e) => e)).toMatchObject({ field: 'call.cancelled' });
		await nothingStored(onSite.id, second.clientId, 'cancelled');
	});

	it('a call reassigned to another technician refuses the report as call.reassigned; the new technician files it', async () => {
		const call = await world.callOnSite(world.techs[0], 'travelling');
		await changeMyCallStatus(mario, call.id, { status: 'on_site' }, new Date());
		// The board moves the job to Luca (the read model the day docs project).
		await fresh.db.update(assignments).set({ technicianId: world.techs[1].technicianId }).where(eq(assignments.callId, call.id));
		const body = reportBody();
		const refused = await submitReport(mario, call.id, body).catch((e) => e);
		expect(refused).toBeInstanceOf(ConflictError);
		expect(refused).toMatchObject({ field: 'call.reassigned', message: 'this call is no longer assigned to you' });
		await nothingStored(call.id, body.clientId, 'on_site');

		// A technician who never worked on the call still gets the plain refusal.
		const stranger = await world.callOnSite(world.techs[1]);
		await expect(submitReport(mario, stranger.id, reportBody())).rejects.toBeInstanceOf(ForbiddenError);

		const result = await submitReport(luca, call.id, reportBody());
		expect(result).toMatchObject({ version: 1, callStatus: 'completed' });
	});

	it('a report the server already applied answers its replay even after the office moved the call', async () => {
		const call = await world.callOnSite(world.techs[0]);
		const body = reportBody();
		const first = await submitReport(mario, call.id, body);
		await fresh.db.update(assignments).set({ technicianId: world.techs[1].technicianId }).where(eq(assignments.callId, call.id));
		expect(await submitReport(mario, call.id, body)).toEqual(first);
		// A new report from Mario is refused in words: he filed the first one.
		expect(await submitReport(mario, call.id, reportBody({ readings: [], correctionReason: 'Aggiunta nota' })).catch((e) => e)).toMatchObject({ field: 'call.reassigned' });
	});
});

describe('versions', () => {
	it('never edits a signed report: a correction is a new version with a reason, the old one stays downloadable', async () => {
		const call = await world.callOnSite(world.techs[0]);
		const first = await submitReport(mario, call.id, reportBody());
		const noReason = await submitReport(mario, call.id, reportBody()).catch((e) => e);
		expect(noReason).toBeInstanceOf(ConflictError);
		expect(noReason.field).toBe('correctionReason');

		const corrected = await submitReport(mario, call.id, reportBody({ readings: [], workDone: 'Sostituito il rullo di alimentazione e il separatore.', correctionReason: 'Dimenticato il separatore' }));
		expect(corrected.version).toBe(2);
		expect(corrected.contentHash).not.toBe(first.contentHash);

		const versions = await listReportVersions(dispatcher, call.id);
		expect(versions.map((v) => [v.version, v.current])).toEqual([
			[2, true],
			[1, false]
		]);
		expect(versions[0]).toMatchObject({ supersedesId: first.id, correctionReason: 'Dimenticato il separatore' });
		const v2 = await getReportVersion(dispatcher, call.id, corrected.id);
		expect(v2.readings.map((r) => r.value)).toEqual([12_345]);

		const old = await reportPdf(dispatcher, call.id, first.id);
		const oldText = (await pdfText(old.bytes)).text;
		expect(oldText).toContain('Sostituito il rullo di alimentazione e pulito');
		expect(oldText.replace(/\s/g, '')).toContain(first.contentHash);
		const newText = (await pdfText((await reportPdf(mario, call.id, corrected.id)).bytes)).text;
		expect(newText).toContain('Dimenticato il separatore');
	});

	it('hash is stable: recomputed from the stored content it matches, and the stored first version never changes', async () => {
		const call = await world.callOnSite(world.techs[0]);
		const first = await submitReport(mario, call.id, reportBody());
		const [row] = await fresh.db.select().from(fieldReports).where(eq(fieldReports.id, first.id));
		expect(contentHash(row.content)).toBe(first.contentHash);
		await submitReport(mario, call.id, reportBody({ readings: [], correctionReason: 'Firma ripetuta' }));
		const [after] = await fresh.db.select().from(fieldReports).where(eq(fieldReports.id, first.id));
		expect(after.contentHash).toBe(first.contentHash);
		expect(after.content).toEqual(row.content);
		expect((await getReportVersion(supervisor, call.id, first.id)).hashValid).toBe(true);
	});

	it('renders a PDF inline fast enough (measured, not a timed assertion)', async () => {
		const call = await world.callOnSite(world.techs[0]);
		const r = await submitReport(mario, call.id, reportBody());
		const t0 = performance.now();
		const pdf = await reportPdf(supervisor, call.id, r.id);
		const ms = performance.now() - t0;
		expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
		console.info(`PDF render (1 photo): ${ms.toFixed(1)} ms, ${pdf.bytes.byteLength} bytes`);
	});
});

describe('mail delivery', () => {
	it('a down SMTP server neither blocks the technician nor loses the mail: the failure is recorded and the job retries', async () => {
		const smtp = (port: number) => saveMailSettings(admin, { host: '127.0.0.1', port, secure: false, from: 'rapportini@quadro.test' });
		await smtp(await freePort());
		try {
			const call = await world.callOnSite(world.techs[0]);
			const t0 = performance.now();
			const result = await submitReport(mario, call.id, reportBody());
			expect(performance.now() - t0).toBeLessThan(5_000);
			expect(result.callStatus).toBe('completed');
			const mailRow = async () => (await fresh.db.select().from(fieldReportMails).where(eq(fieldReportMails.reportId, result.id)))[0];
			await expect.poll(async () => (await mailRow()).status, { timeout: 10_000 }).toBe('failed');
			expect((await mailRow()).lastError).toMatch(/ECONNREFUSED|connect/i);
			// The server comes back: the retry (backoff from 5 s) delivers it.
			await smtp(sink.port);
			await sink.waitFor((m) => m.subject === `Rapporto di intervento ${call.number}`, 20_000);
			expect(await mailRow()).toMatchObject({ status: 'sent', lastError: null });
			expect((await mailRow()).attempts).toBeGreaterThanOrEqual(2);
		} finally {
			await smtp(sink.port);
		}
	}, 40_000);
});
