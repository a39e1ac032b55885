/**
 * What the outbox still holds for one job, read the way the technician's pages show it: the job
 * is "waiting to send", its status as the technician left it, whether the arrival on site (and so
 * the report) is among the waiting changes, and whether a report is already queued.
 */
export type PendingLike = { url: string; state: 'waiting' | 'refused'; body: unknown; createdAt: string };

export type JobPending = {
	waiting: boolean;
	/** The status the newest waiting change gives the job (null when none says). */
	status: string | null;
	/** The device time of the waiting change to "on site", when there is one. */
	onSiteAt: string | null;
	/** A report for this call is queued. */
	report: boolean;
};

export function pendingOfJob(items: readonly PendingLike[], job: { callId: string; assignmentId?: string | null }): JobPending {
	const call = `/calls/${job.callId}/`;
	const assignment = job.assignmentId ? `/assignments/${job.assignmentId}/` : null;
	const mine = items.filter((p) => p.state === 'waiting' && (p.url.includes(call) || (assignment !== null && p.url.includes(assignment))));
	let status: string | null = null;
	let onSiteAt: string | null = null;
	let report = false;
	for (const p of mine) {
		const body = (p.body && typeof p.body === 'object' ? p.body : {}) as { status?: unknown; deviceAt?: unknown };
		const path = p.url.split('?')[0];
		if (path.endsWith('/status') && typeof body.status === 'string') {
			status = body.status;
			onSiteAt = body.status === 'on_site' ? (typeof body.deviceAt === 'string' ? body.deviceAt : p.createdAt) : onSiteAt;
		} else if (path.endsWith('/accept')) {
			status = 'confirmed';
		} else if (path.endsWith(`/calls/${job.callId}/reports`)) {
			// A first report completes the call; a correction leaves it completed.
			report = true;
			status = 'completed';
		}
	}
	return { waiting: mine.length > 0, status, onSiteAt, report };
}
