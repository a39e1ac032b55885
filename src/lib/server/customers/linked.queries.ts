/**
 * Read-only views of what other modules store about a customer (contracts, equipment), for the
 * customer pages. The contracts and equipment modules own those tables and their writes.
 */
import { desc, eq, max, min } from 'drizzle-orm';
import type { Db } from '../db/client';
import { contracts, contractTerms, slaLevels } from '../db/schema';

export async function contractsOfCustomer(db: Db, customerId: string) {
	return db
		.select({
			id: contracts.id,
			number: contracts.number,
			status: contracts.status,
			periodicity: contracts.periodicity,
			feePerPeriodCents: contracts.feePerPeriodCents,
			autoRenew: contracts.autoRenew,
			slaLevelName: slaLevels.name,
			startsOn: min(contractTerms.startsOn),
			endsOn: max(contractTerms.endsOn)
		})
		.from(contracts)
		.innerJoin(slaLevels, eq(slaLevels.id, contracts.slaLevelId))
		.leftJoin(contractTerms, eq(contractTerms.contractId, contracts.id))
		.where(eq(contracts.customerId, customerId))
		.groupBy(contracts.id, slaLevels.name)
		.orderBy(desc(contracts.createdAt))
		.limit(200);
}
