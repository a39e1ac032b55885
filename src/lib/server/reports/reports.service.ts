import { z } from 'zod';
import { checkTransition } from '$lib/domain/call-lifecycle';
import { roomOfRole } from '$lib/realtime/events';
import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import * as callQueries from '../calls/calls.queries';
import { db } from '../db/client';
import { isUniqueViolation } from '../db/pg-errors';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { uuidv7 } from '../ids';
import { logger } from '../logger';
import { announce } from '../realtime/announce';
import { contentHash, sha256Hex } from './content-hash';
import { decodeImage, MAX_PHOTO_BYTES, MAX_SIGNATURE_BYTES, parseReportInput, type Image, type ReportInput } from './report-input';
import { enqueueReportMail } from './report-mail.queue';
import { renderReportPdf, reportFileName } from './report-pdf';
import { recordReportReadings } from './report-readings';
import * as queries from './reports.queries';

const OFFICE_ROOMS = [roomOfRole('dispatcher'), roomOfRole('admin'), roomOfRole('supervisor')];
const isUuid = (v: string) => z.uuid().safeParse(v).success;

export type SubmitResult = { id: string; callId: string; version: number; contentHash: string; callStatus: string };

/**
 * A technician may touch only calls the board assigns to them; office roles read every call.
 * Returns the technician behind the actor (null for office roles).
 */
async function callAccess(actor: Actor, callId: string): Promise<{ id: string; name: string } | null> {
	if (!isUuid(callId)) throw new NotFoundError('call not found');
	if (actor.role !== 'technician') return null;
	const technician = await queries.technicianOfUser(db(), actor.id);
	if (!technician || !(await queries.isAssigned(db(), callId, technician.id))) throw new ForbiddenError('this call is not assigned to you');
	return technician;
}

/**
 * Submitting needs the call to be the technician's now. When it was theirs and the office took
 * it away meanwhile (a report made offline, synced later), the refusal names what happened with
 * the same fields as the app's status changes (`call.cancelled`, `call.reassigned`), so the phone
 * says it in words; a technician who never worked on the call keeps the plain 403.
 */
async function submitAccess(actor: Actor, callId: string): Promise<{ id: string; name: string } | null> {
	try {
		return await callAccess(actor, callId);
	} catch (error) {
		if (!(error instanceof ForbiddenError) || actor.role !== 'technician') throw error;
		const status = await queries.callStatusOf(db(), callId);
		if (!status || !(await queries.workedOnCall(db(), callId, actor.id))) throw error;
		if (status === 'cancelled') throw new ConflictError('call.cancelled', 'the office cancelled this call');
		throw new ConflictError('call.reassigned', 'this call is no longer assigned to you');
	}
}

/** Why the call cannot take a report in this status, with the fields the app words. */
function refuseForStatus(status: string): never {
	if (status === 'cancelled') throw new ConflictError('call.cancelled', 'the office cancelled this call');
	if (status === 'closed') throw new ConflictError('call.closed', 'the call is already closed');
	throw new ConflictError('status', `the call is ${status}: the report completes a call the technician is on site at`);
}

function decodeBinaries(data: ReportInput) {
	const photos = data.photos.map((p, i) => decodeImage(`photos.${i}`, p, ['image/jpeg', 'image/png'], MAX_PHOTO_BYTES));
	const customerSignature = decodeImage('customerSignature', data.customerSignature, ['image/png'], MAX_SIGNATURE_BYTES);
	const technicianSignature = data.technicianSignature ? decodeImage('technicianSignature', data.technicianSignature, ['image/png'], MAX_SIGNATURE_BYTES) : null;
	return { photos, customerSignature, technicianSignature };
}

/** The content the hash covers: everything the PDF states, binaries by their SHA-256. */
function reportContent(r: {
	callId: string;
	callNumber: string;
	version: number;
	supersedesId: string | null;
	correctionReason: string | null;
	technicianName: string;
	data: ReportInput;
	readings: Array<{ id: string; meterType: string; value: number; kind: string }>;
	readAt: Date;
	photos: Image[];
	customerSignature: Image;
	technicianSignature: Image | null;
}) {
	return {
		callId: r.callId,
		callNumber: r.callNumber,
		version: r.version,
		supersedesId: r.supersedesId,
		correctionReason: r.correctionReason,
		technicianName: r.technicianName,
		arrivedAt: r.data.arrivedAt.toISOString(),
		departedAt: r.data.departedAt.toISOString(),
		workDone: r.data.workDone,
		outcome: r.data.outcome,
		labourMinutes: r.data.labourMinutes,
		travelMinutes: r.data.travelMinutes,
		parts: r.data.parts.map((p) => ({ description: p.description, quantity: p.quantity, code: p.code ?? null })),
		readings: r.readings.map((x) => ({ readingId: x.id, meterType: x.meterType, value: x.value, kind: x.kind, readAt: r.readAt.toISOString() })),
		photos: r.photos.map((p) => sha256Hex(p.bytes)),
		signerName: r.data.signerName,
		customerSignature: sha256Hex(r.customerSignature.bytes),
		technicianSignature: r.technicianSignature ? sha256Hex(r.technicianSignature.bytes) : null
	};
}

/**
 * Submits the report of a call (POST /api/calls/:id/reports, through the phone's outbox).
 * The first version completes the call (on_site -> completed) in the same transaction that
 * stores the report, its readings, photos and signatures. A later submission is a correction:
 * a new version with a reason; the signed versions before it are never changed. Idempotent on
 * `clientId`: a replay returns the first answer and applies nothing.
 */
export async function submitReport(actor: Actor, callId: string, input: unknown, ip: string | null = null, now = new Date()): Promise<SubmitResult> {
	authorize(actor, 'fieldReports.read');
	const data = parseReportInput(input);
	authorize(actor, data.correctionReason ? 'fieldReports.correct' : 'fieldReports.submit');
	// A replay first: the answer the phone lost stands even if the office changed the call since.
	const replay = await replayOf(actor, data.clientId);
	if (replay && replay.callId === callId) return replay;
	const technician = await submitAccess(actor, callId);
	if (replay) return replay;
	const binaries = decodeBinaries(data);
	try {
		const result = await db().transaction(async (tx) => {
			const call = await queries.lockCall(tx, callId);
			if (!call) throw new NotFoundError('call not found');
			// Under the call lock: a replay racing its first attempt sees the committed row here.
			const again = await queries.findReportByClientId(tx, actor.id, data.clientId);
			if (again) return { ...again, callStatus: call.status, replayed: true };
			if (call.status === 'cancelled') refuseForStatus(call.status);
			const latest = await queries.latestReport(tx, callId);
			if (latest && !data.correctionReason) throw new ConflictError('correctionReason', `the call already has a signed report (version ${latest.version}); a correction needs a reason`);
			if (!latest && data.correctionReason) throw new ValidationError('correctionReason', 'there is no report to correct yet');
			let completes = false;
			if (!latest) {
				if (call.status !== 'completed') {
					const check = checkTransition(call.status, 'completed', 'technician');
					if (!check.ok) refuseForStatus(call.status);
					completes = true;
				}
			} else if (data.readings.length) {
				throw new ValidationError('readings', 'a correction keeps the readings of the report it corrects; correct a reading from the unit page');
			}
			const readAt = new Date(Math.min(data.departedAt.getTime(), now.getTime()));
			const readingIds = latest
				? await queries.readingIdsOf(tx, latest.id)
				: await recordReportReadings(tx, { equipmentId: call.equipmentId, readings: data.readings, readAt, userId: actor.id, clientId: data.clientId, now });
			const readings = latest ? await queries.readingsOf(tx, latest.id) : data.readings.map((r, i) => ({ id: readingIds[i], meterType: r.meterType, value: r.value, kind: r.kind, readAt }));
			const version = (latest?.version ?? 0) + 1;
			const technicianName = technician?.name ?? latest?.technicianName ?? 'technician';
			const content = reportContent({
				callId,
				callNumber: call.number,
				version,
				supersedesId: latest?.id ?? null,
				correctionReason: data.correctionReason ?? null,
				technicianName,
				data,
				readings: readings.map((r) => ({ id: r.id, meterType: r.meterType, value: r.value, kind: r.kind })),
				readAt: latest ? (readings[0]?.readAt ?? readAt) : readAt,
				...binaries
			});
			const id = uuidv7();
			const hash = contentHash(content);
			await queries.insertReport(
				tx,
				{
					id,
					callId,
					version,
					supersedesId: latest?.id ?? null,
					correctionReason: data.correctionReason ?? null,
					clientId: data.clientId,
					submittedBy: actor.id,
					technicianId: technician?.id ?? latest?.technicianId ?? null,
					technicianName,
					arrivedAt: data.arrivedAt,
					departedAt: data.departedAt,
					workDone: data.workDone,
					outcome: data.outcome,
					labourMinutes: data.labourMinutes,
					travelMinutes: data.travelMinutes,
					signerName: data.signerName,
					customerSignature: binaries.customerSignature.bytes,
					technicianSignature: binaries.technicianSignature?.bytes ?? null,
					content,
					contentHash: hash,
					deviceAt: data.deviceAt ?? null,
					createdAt: now
				},
				data.parts.map((p, line) => ({ line, description: p.description, quantity: String(p.quantity), code: p.code || null })),
				binaries.photos.map((p, line) => ({ line, contentType: p.contentType, bytes: p.bytes, sha256: sha256Hex(p.bytes) })),
				readingIds,
				{ recipient: await queries.siteContactEmail(tx, call.siteId, call.customerId) }
			);
			if (completes) {
				await callQueries.updateCall(tx, callId, { status: 'completed', statusReason: null });
				await callQueries.insertHistory(tx, { id: uuidv7(), callId, fromStatus: call.status, toStatus: 'completed', byUser: actor.id, at: now, deviceAt: data.deviceAt ?? null, reason: null });
				await audit({ action: 'call.status', actorUserId: actor.id, subject: callId, ip, details: { from: call.status, to: 'completed', report: id } }, tx);
			}
			await audit({ action: latest ? 'field-report.correct' : 'field-report.submit', actorUserId: actor.id, subject: id, ip, details: { callId, version, hash, reason: data.correctionReason ?? null } }, tx);
			return { id, callId, version, contentHash: hash, callStatus: completes ? 'completed' : call.status, number: call.number, completes, replayed: false };
		});
		if (!result.replayed) {
			if ('completes' in result && result.completes) announce(OFFICE_ROOMS, 'call:changed', { id: callId, number: result.number, status: 'completed', change: 'status' });
			await enqueueReportMail(result.id).catch((error) => logger().error({ err: error, reportId: result.id }, 'could not queue the report mail; it stays pending'));
		}
		return { id: result.id, callId: result.callId, version: result.version, contentHash: result.contentHash, callStatus: result.callStatus };
	} catch (error) {
		// Two first attempts of one replay raced past the lookup: the loser answers like a replay.
		if (isUniqueViolation(error, 'field_reports_client_uq')) {
			const replayed = await replayOf(actor, data.clientId);
			if (replayed) return replayed;
		}
		throw error;
	}
}

async function replayOf(actor: Actor, clientId: string): Promise<SubmitResult | null> {
	const found = await queries.findReportByClientId(db(), actor.id, clientId);
	if (!found) return null;
	const latestStatus = (await queries.callStatusOf(db(), found.callId)) ?? 'completed';
	return { id: found.id, callId: found.callId, version: found.version, contentHash: found.contentHash, callStatus: latestStatus };
}

/** The versions of a call's report, newest first (GET /api/calls/:id/reports). */
export async function listReportVersions(actor: Actor, callId: string) {
	authorize(actor, 'fieldReports.read');
	await callAccess(actor, callId);
	const rows = await queries.listReports(db(), callId);
	const latest = rows[0]?.id;
	return rows.map((r) => ({
		id: r.id,
		version: r.version,
		current: r.id === latest,
		supersedesId: r.supersedesId,
		correctionReason: r.correctionReason,
		technicianName: r.technicianName,
		signerName: r.signerName,
		outcome: r.outcome,
		arrivedAt: r.arrivedAt.toISOString(),
		departedAt: r.departedAt.toISOString(),
		contentHash: r.contentHash,
		createdAt: r.createdAt.toISOString(),
		mail: { status: r.mailStatus, recipient: r.mailRecipient, sentAt: r.mailSentAt?.toISOString() ?? null, error: r.mailError },
		pdfUrl: `/api/calls/${callId}/reports/${r.id}/pdf`
	}));
}

/** One version with everything the PDF prints; null when it is not a version of this call. */
export async function loadReportDocument(reportId: string, callId?: string) {
	if (!isUuid(reportId)) return null;
	const report = await queries.getReport(db(), reportId);
	if (!report || (callId && report.callId !== callId)) return null;
	const [call, parts, photos, readings, companyName] = await Promise.all([
		queries.callHeader(db(), report.callId),
		queries.partsOf(db(), reportId),
		queries.photosOf(db(), reportId),
		queries.readingsOf(db(), reportId),
		companyNameSetting()
	]);
	if (!call) return null;
	return { report, call, parts, photos, readings, companyName };
}
export type ReportDocument = NonNullable<Awaited<ReturnType<typeof loadReportDocument>>>;

export const DEFAULT_COMPANY_NAME = 'Quadro Assistenza Tecnica';
export async function companyNameSetting(): Promise<string> {
	return (await queries.metaValue(db(), 'company.name'))?.trim() || DEFAULT_COMPANY_NAME;
}

/** Whether the stored hash still matches the stored content and binaries (tamper check). */
export function hashMatches(doc: ReportDocument): boolean {
	const c = doc.report.content as { photos?: string[]; customerSignature?: string };
	return (
		contentHash(doc.report.content) === doc.report.contentHash &&
		sha256Hex(doc.report.customerSignature) === c.customerSignature &&
		JSON.stringify(doc.photos.map((p) => sha256Hex(p.bytes))) === JSON.stringify(c.photos ?? [])
	);
}

/** A version as JSON with its verification (GET /api/calls/:id/reports/:reportId). */
export async function getReportVersion(actor: Actor, callId: string, reportId: string) {
	authorize(actor, 'fieldReports.read');
	await callAccess(actor, callId);
	const doc = await loadReportDocument(reportId, callId);
	if (!doc) throw new NotFoundError('report not found');
	const r = doc.report;
	return {
		id: r.id,
		callId: r.callId,
		callNumber: doc.call.number,
		version: r.version,
		supersedesId: r.supersedesId,
		correctionReason: r.correctionReason,
		technicianName: r.technicianName,
		arrivedAt: r.arrivedAt.toISOString(),
		departedAt: r.departedAt.toISOString(),
		workDone: r.workDone,
		outcome: r.outcome,
		labourMinutes: r.labourMinutes,
		travelMinutes: r.travelMinutes,
		parts: doc.parts.map((p) => ({ description: p.description, quantity: Number(p.quantity), code: p.code })),
		readings: doc.readings.map((x) => ({ id: x.id, meterType: x.meterType, value: x.value, kind: x.kind, status: x.status, readAt: x.readAt.toISOString() })),
		photoCount: doc.photos.length,
		signerName: r.signerName,
		contentHash: r.contentHash,
		hashValid: hashMatches(doc),
		createdAt: r.createdAt.toISOString()
	};
}

/** The PDF of one version, for download or printing (GET .../reports/:reportId/pdf). */
export async function reportPdf(actor: Actor, callId: string, reportId: string): Promise<{ filename: string; bytes: Buffer }> {
	authorize(actor, 'fieldReports.read');
	await callAccess(actor, callId);
	const doc = await loadReportDocument(reportId, callId);
	if (!doc) throw new NotFoundError('report not found');
	return { filename: reportFileName(doc), bytes: await renderReportPdf(doc) };
}

/** What the phone's report form needs (GET /t/calls/:id/report). */
export async function reportForm(actor: Actor, callId: string) {
	authorize(actor, 'fieldReports.submit');
	const technician = await callAccess(actor, callId);
	const call = await queries.callHeader(db(), callId);
	if (!call) throw new NotFoundError('call not found');
	const [status, equipmentId, onSiteAt, versions] = await Promise.all([
		queries.callStatusOf(db(), callId),
		queries.equipmentOfCall(db(), callId),
		queries.lastOnSiteAt(db(), callId),
		queries.listReports(db(), callId)
	]);
	return {
		call: { id: call.id, number: call.number, status: status ?? 'new', description: call.description, customerName: call.customerName, siteName: call.siteName, siteAddress: `${call.siteAddress}, ${call.siteComune} (${call.siteProvince})`, unit: call.serial ? { brand: call.brand, model: call.model, serial: call.serial } : null },
		meters: equipmentId ? (await queries.metersWithLast(db(), equipmentId)).map((x) => ({ ...x, lastAt: x.lastAt?.toISOString() ?? null })) : [],
		technicianName: technician?.name ?? '',
		onSiteAt: onSiteAt?.toISOString() ?? null,
		latestVersion: versions[0] ? { id: versions[0].id, version: versions[0].version } : null
	};
}
