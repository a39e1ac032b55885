import * as m from '$lib/paraglide/messages';

export type ContractStatus = 'draft' | 'active' | 'suspended' | 'expired' | 'terminated';
export type Periodicity = 'monthly' | 'bimonthly' | 'quarterly' | 'annual';
export type BillingTiming = 'advance' | 'arrears';

export const STATUSES: readonly ContractStatus[] = ['draft', 'active', 'suspended', 'expired', 'terminated'];
export const PERIODICITY_OPTIONS: readonly Periodicity[] = ['monthly', 'bimonthly', 'quarterly', 'annual'];
export const BILLING_OPTIONS: readonly BillingTiming[] = ['advance', 'arrears'];

export const statusLabel: Record<ContractStatus, () => string> = {
	draft: m.ctr_status_draft,
	active: m.ctr_status_active,
	suspended: m.ctr_status_suspended,
	expired: m.ctr_status_expired,
	terminated: m.ctr_status_terminated
};

export const periodicityLabel: Record<Periodicity, () => string> = {
	monthly: m.ctr_per_monthly,
	bimonthly: m.ctr_per_bimonthly,
	quarterly: m.ctr_per_quarterly,
	annual: m.ctr_per_annual
};

export const billingLabel: Record<BillingTiming, () => string> = {
	advance: m.ctr_billing_advance,
	arrears: m.ctr_billing_arrears
};
