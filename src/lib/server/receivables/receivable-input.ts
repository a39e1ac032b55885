import { z } from 'zod';

/**
 * One open item as the API receives it. Amounts are integer euro cents (no floating point in
 * money); dates are calendar days (YYYY-MM-DD) because accounting dates have no time of day.
 */
const day = z.iso.date({ message: 'a date as YYYY-MM-DD' });
export const SOURCE_PATTERN = /^[a-z0-9][a-z0-9._-]{0,39}$/;

export const receivableItem = z
	.object({
		customer: z.string().trim().min(1, 'required: the customer code, partita IVA or id'),
		documentNumber: z.string().trim().min(1, 'required').max(60),
		documentDate: day,
		dueDate: day,
		amountCents: z.number().int('whole cents').positive('must be more than zero').max(1e12),
		paidCents: z.number().int('whole cents').min(0, 'cannot be negative').default(0)
	})
	.refine((v) => v.paidCents <= v.amountCents, { path: ['paidCents'], message: 'cannot exceed the amount' })
	.refine((v) => v.dueDate >= v.documentDate, { path: ['dueDate'], message: 'cannot be before the document date' });

export const replaceInput = z.object({
	source: z.string().trim().regex(SOURCE_PATTERN, 'lower-case letters, digits, dot, dash or underscore (max 40)'),
	items: z.array(receivableItem).max(100_000)
});

export type ReceivableItem = z.infer<typeof receivableItem>;

/** Normalises a customer reference: "IT 01234567890" -> "01234567890", codes upper-cased. */
export function customerRef(value: string): string {
	const v = value.trim().toUpperCase().replace(/\s+/g, '');
	if (/^IT\d{11}$/.test(v)) return v.slice(2);
	// Excel drops the leading zeros of a partita IVA.
	if (/^\d{9,10}$/.test(v)) return v.padStart(11, '0');
	return /^[0-9A-F-]{36}$/.test(v) ? v.toLowerCase() : v;
}
