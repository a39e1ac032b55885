import { IN_FORCE, nextTerm, renewalDecision, renewalsDue } from '$lib/domain/contract-terms';
import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { db } from '../db/client';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { uuidv7 } from '../ids';
import { logger } from '../logger';
import * as queries from './contracts.queries';
import { parse, renewInput, requireId } from './contracts.schemas';
import { companyToday } from './contracts.service';

export type RenewResult = { created: boolean; term: { termNo: number; startsOn: string; endsOn: string; renewedAutomatically: boolean } };

/**
 * Appends the next term by hand. `afterTermNo` names the term being renewed, so a repeated
 * request (double click, retry) returns the term already appended instead of adding another.
 */
export async function renewContract(actor: Actor, contractId: string, input: unknown, ip: string | null = null): Promise<RenewResult> {
	authorize(actor, 'contracts.write');
	const id = requireId(contractId);
	const data = parse(renewInput, input);
	return db().transaction(async (tx) => {
		const contract = await queries.lockContract(tx, id);
		if (!contract) throw new NotFoundError('contract not found');
		const last = (await queries.lastTerm(tx, id))!;
		const after = data.afterTermNo ?? last.termNo;
		if (after > last.termNo) throw new ValidationError('afterTermNo', `the contract has ${last.termNo} term(s)`);
		if (after < last.termNo) {
			const existing = (await queries.findTerm(tx, id, after + 1))!;
			return { created: false, term: pick(existing) };
		}
		if (!IN_FORCE.includes(contract.status)) throw new ConflictError('status', `cannot renew a ${contract.status} contract`);
		const term = nextTerm(last, data.months ?? contract.renewalTermMonths);
		await queries.insertTerm(tx, { id: uuidv7(), contractId: id, ...term, renewedAutomatically: false });
		await queries.updateContract(tx, id, {});
		await audit({ action: 'contract.renew', actorUserId: actor.id, subject: id, ip, details: { ...term, automatic: false } }, tx);
		return { created: true, term: { ...term, renewedAutomatically: false } };
	});
}

function pick(t: queries.TermRow): RenewResult['term'] {
	return { termNo: t.termNo, startsOn: t.startsOn, endsOn: t.endsOn, renewedAutomatically: t.renewedAutomatically };
}

export type RenewDueResult = { today: string; renewed: number; termsAdded: number; expired: number };

/**
 * The daily job: auto-renewing contracts whose last term ends today or has ended get the next
 * term(s) appended; the others expire once their last term has ended. Each contract in its own
 * transaction under its row lock, re-decided inside it, so a rerun (or a concurrent manual
 * renewal) changes nothing twice. A system action: no actor, audited as such.
 */
export async function renewDueContracts(options: { today?: string } = {}): Promise<RenewDueResult> {
	const today = options.today ?? companyToday();
	const result: RenewDueResult = { today, renewed: 0, termsAdded: 0, expired: 0 };
	const ids = await queries.contractsDueForRenewal(db(), today);
	for (const id of ids) {
		await db().transaction(async (tx) => {
			const contract = await queries.lockContract(tx, id);
			if (!contract) return;
			const last = (await queries.lastTerm(tx, id))!;
			const decision = renewalDecision(contract, last, today);
			if (decision === 'renew') {
				const terms = renewalsDue(last, contract.renewalTermMonths, today);
				for (const term of terms) await queries.insertTerm(tx, { id: uuidv7(), contractId: id, ...term, renewedAutomatically: true });
				await queries.updateContract(tx, id, {});
				await audit({ action: 'contract.renew', actorUserId: null, subject: id, details: { automatic: true, today, terms } }, tx);
				result.renewed++;
				result.termsAdded += terms.length;
			} else if (decision === 'expire') {
				await queries.updateContract(tx, id, { status: 'expired' });
				await audit({ action: 'contract.expire', actorUserId: null, subject: id, details: { from: contract.status, endedOn: last.endsOn, today } }, tx);
				result.expired++;
			}
		});
	}
	logger().info(result, 'contracts renewed or expired');
	return result;
}
