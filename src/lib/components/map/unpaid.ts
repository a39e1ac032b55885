/**
 * Which customers have overdue receivables, asked from the browser for lists whose loaders
 * belong to other modules. Null when the answer did not come (network, 5xx): the caller keeps
 * what it knew rather than taking every customer as paid.
 */
export async function loadUnpaid(customerIds: string[], fetcher: typeof fetch = fetch): Promise<Set<string> | null> {
	const ids = [...new Set(customerIds)].slice(0, 500);
	if (ids.length === 0) return new Set();
	try {
		const res = await fetcher(`/api/receivables/unpaid?customers=${ids.join(',')}`);
		if (!res.ok) return null;
		return new Set(((await res.json()) as { unpaid: string[] }).unpaid);
	} catch {
		return null;
	}
}
