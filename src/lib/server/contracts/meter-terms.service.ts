import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { db } from '../db/client';
import { ConflictError, NotFoundError } from '../errors';
import * as contractQueries from './contracts.queries';
import { meterTermsInput, parse, requireId } from './contracts.schemas';
import { checkMeterTypes } from './contracts.service';
import { listMeterTerms, replaceMeterTerms } from './meter-terms.queries';

/**
 * Replaces the contract's meter terms as a whole (the form edits them as one table). Tiers are
 * validated: ascending `fromUnits`, prices from 0 with at most 6 decimals.
 */
export async function setMeterTerms(actor: Actor, contractId: string, input: unknown, ip: string | null = null) {
	authorize(actor, 'contracts.write');
	const id = requireId(contractId);
	const body = input && typeof input === 'object' && !Array.isArray(input) && 'meterTerms' in input ? (input as { meterTerms: unknown }).meterTerms : input;
	const terms = parse(meterTermsInput, body, 'meterTerms');
	return db().transaction(async (tx) => {
		const contract = await contractQueries.lockContract(tx, id);
		if (!contract) throw new NotFoundError('contract not found');
		if (contract.status === 'expired' || contract.status === 'terminated') throw new ConflictError('status', `a ${contract.status} contract cannot change`);
		await checkMeterTypes(tx, terms);
		await replaceMeterTerms(tx, id, terms);
		await audit({ action: 'contract.meter-terms', actorUserId: actor.id, subject: id, ip, details: { meterTerms: terms } }, tx);
		return listMeterTerms(tx, id);
	});
}
