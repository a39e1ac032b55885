import { Temporal } from 'temporal-polyfill';
import { findCompanyProfile, saveCompanyProfile } from '../billing/billing.queries';
import type { Db } from '../db/client';
import type { DemoCalendar } from './demo-dates';

/**
 * The demo company's own invoicing details. Billing starts on the first day of last month, so
 * the back office finds drafts at once: this period's fees and last month's copies from the demo
 * readings (a period that began earlier is billed from the 1st, prorated), not years of
 * catch-up the previous system would have invoiced.
 */
export async function seedCompanyProfile(tx: Db, calendar: DemoCalendar): Promise<void> {
	// A second seed run must not undo what an admin changed.
	if (await findCompanyProfile(tx)) return;
	const lastMonth = Temporal.PlainDate.from(calendar.today).subtract({ months: 1 }).with({ day: 1 }).toString();
	await saveCompanyProfile(tx, {
		businessName: 'Quadro Assistenza Tecnica S.r.l.',
		vatNumber: '02745890166',
		fiscalCode: '02745890166',
		regimeFiscale: 'RF01',
		address: 'Via Torino 21',
		cap: '20123',
		comuneName: 'Milano',
		province: 'MI',
		pec: 'amministrazione@pec.quadro.test',
		email: 'amministrazione@quadro.test',
		phone: '02 8765432',
		iban: 'IT60X0542811101000000123456',
		defaultVatRate: '22.00',
		billingStartsOn: lastMonth
	});
}
