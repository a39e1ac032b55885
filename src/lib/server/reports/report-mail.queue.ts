import type { Queue } from 'bullmq';
import { createQueue } from '../jobs/queues';

/**
 * The web process only enqueues: the worker renders and sends, retrying with backoff, so a
 * down SMTP server neither loses the mail nor keeps the technician waiting.
 */
const holder = globalThis as unknown as { __quadroMailQueue?: Queue };

export const REPORT_MAIL_JOB = 'reports.send-mail';
export const REPORT_MAIL_ATTEMPTS = 12;

export async function enqueueReportMail(reportId: string): Promise<void> {
	holder.__quadroMailQueue ??= createQueue('mail');
	await holder.__quadroMailQueue.add(
		REPORT_MAIL_JOB,
		{ reportId },
		// Deterministic id: enqueueing twice (a retried request) adds one job.
		{ jobId: `report-mail-${reportId}`, attempts: REPORT_MAIL_ATTEMPTS, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: 1000, removeOnFail: 5000 }
	);
}

export async function closeReportMailQueue(): Promise<void> {
	const queue = holder.__quadroMailQueue;
	holder.__quadroMailQueue = undefined;
	if (queue) await queue.close();
}
