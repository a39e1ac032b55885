import { z } from 'zod';
import { parsePlainDate } from '$lib/domain/contract-terms';
import { deleteExpiredSessions } from '../auth/session.service';
import { prepareDueInvoices } from '../billing/billing-run.service';
import { renewDueContracts } from '../contracts/renewals.service';
import { ValidationError } from '../errors';
import { logger } from '../logger';
import { generateDueMaintenance } from '../maintenance/generate.service';
import { maintainPositionPartitions } from '../positions/partitions.service';
import { sendReportMail } from '../reports/report-mail.service';
import { compactLongLogs } from '../realtime/yjs-compaction';

/**
 * Every job the workers run: name -> payload schema, queue and processor. Processors are
 * transport: they validate the payload and call one service. Every job must be idempotent
 * (BullMQ delivers at least once).
 */
// 'mail' has its own workers: a slow SMTP server must not hold up maintenance jobs.
export const QUEUES = ['maintenance', 'mail'] as const;
export type QueueName = (typeof QUEUES)[number];

type JobDefinition<S extends z.ZodType> = {
	queue: QueueName;
	schema: S;
	process: (payload: z.infer<S>) => Promise<unknown>;
	/** Repeat every N ms through a BullMQ job scheduler (an upsert, so restarts never duplicate it). */
	everyMs?: number;
};

/** The daily jobs' payload: `today` (YYYY-MM-DD, company calendar) for replays and tests; the scheduler sends none. */
const todayPayload = z.object({ today: z.string().refine((v) => parsePlainDate(v) !== null, 'today must be a date YYYY-MM-DD').optional() }).strict();

function define<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
	return definition;
}

export const JOBS = {
	'sessions.cleanup': define({
		queue: 'maintenance',
		schema: z.object({}).strict(),
		everyMs: 15 * 60_000,
		async process() {
			const deleted = await deleteExpiredSessions();
			logger().info({ deleted }, 'expired sessions removed');
			return { deleted };
		}
	}),
	/**
	 * Daily: auto-renewing contracts whose term ends today or has ended get their next term;
	 * the others expire. Idempotent (re-decided under each contract's row lock). `today`
	 * (YYYY-MM-DD, company calendar) is for replays and tests; the scheduler sends none.
	 */
	'contracts.renew-due': define({
		queue: 'maintenance',
		schema: todayPayload,
		everyMs: 24 * 3600_000,
		async process(payload) {
			return renewDueContracts({ today: payload.today });
		}
	}),
	/**
	 * Daily: every active maintenance plan whose next occurrence is due gets one call (never a
	 * second open one per plan). Idempotent: each plan is decided under its row lock and the
	 * unique (plan, occurrence) key refuses duplicates. `today` as for contracts.renew-due.
	 */
	'maintenance.generate-due': define({
		queue: 'maintenance',
		schema: todayPayload,
		everyMs: 24 * 3600_000,
		async process(payload) {
			return generateDueMaintenance({ today: payload.today });
		}
	}),
	/**
	 * Daily: draft invoices for every contract period that is due (fees in advance or arrears,
	 * cost per copy of ended periods). Idempotent: each contract is decided under its row lock and
	 * billed periods are unique. The back office checks and issues the drafts. `today` as above.
	 */
	'billing.prepare-due': define({
		queue: 'maintenance',
		schema: todayPayload,
		everyMs: 24 * 3600_000,
		async process(payload) {
			try {
				const result = await prepareDueInvoices({ today: payload.today });
				return { today: result.today, invoices: result.invoices.length, skipped: result.skipped };
			} catch (error) {
				// Not set up for billing yet: nothing to do, and nothing a retry would change.
				if (error instanceof ValidationError && error.field === 'companyProfile') {
					logger().info('billing not set up: no company profile, no drafts prepared');
					return { invoices: 0, notSetUp: true };
				}
				throw error;
			}
		}
	}),
	/**
	 * Every 10 min: compacts the Yjs logs of docs nobody pushed past the live threshold (quiet
	 * days, rooms that closed). Idempotent: a doc already compacted is skipped.
	 */
	'yjs.compact': define({
		queue: 'maintenance',
		schema: z.object({}).strict(),
		everyMs: 10 * 60_000,
		async process() {
			return compactLongLogs();
		}
	}),
	/** Emails a report version's PDF to the site contact; retried with backoff (see report-mail.queue.ts). */
	'reports.send-mail': define({
		queue: 'mail',
		schema: z.object({ reportId: z.uuid() }).strict(),
		async process(payload) {
			return sendReportMail(payload.reportId);
		}
	}),
	/**
	 * Daily: position_history day partitions for the next 7 days are
	 * created, those past the retention setting dropped. `at` (ISO) is for replays and tests.
	 */
	'positions.partitions': define({
		queue: 'maintenance',
		schema: z.object({ at: z.iso.datetime({ offset: true }).optional() }).strict(),
		everyMs: 24 * 3600_000,
		async process(payload) {
			return maintainPositionPartitions(payload.at ? new Date(payload.at) : new Date());
		}
	})
};

export type JobName = keyof typeof JOBS;

export function isJobName(name: string): name is JobName {
	return Object.hasOwn(JOBS, name);
}

/** Fails at start if a job names a queue no worker listens to. */
export function assertRegistryComplete(): void {
	for (const [name, job] of Object.entries(JOBS)) {
		if (!QUEUES.includes(job.queue)) throw new Error(`job ${name} uses unknown queue ${job.queue}`);
	}
}

/** Runs one job by name after validating its payload; unknown names and bad payloads throw. */
export async function runJob(name: string, payload: unknown): Promise<unknown> {
	if (!isJobName(name)) throw new Error(`unknown job ${name}`);
	const job = JOBS[name];
	const parsed = job.schema.safeParse(payload ?? {});
	if (!parsed.success) throw new Error(`invalid payload for ${name}: ${parsed.error.issues[0]?.message}`);
	return job.process(parsed.data as never);
}
