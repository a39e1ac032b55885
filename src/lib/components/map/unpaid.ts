/**
 * Which customers have overdue receivables, asked from the browser for lists whose loaders
 * belong to other modules. An empty set on any failure: the badge is a hint, not a gate.
 */
export async function loadUnpaid(customerIds: string[], fetcher: typeof fetch = fetch): Promise<Set<string>> {
	const ids = [...new Set(customerIds)].slice(0, 500);
	if (ids.length === 0) return new Set();
	try {
		const res = await fetcher(`/api/receivables/unpaid?customers=${ids.join(',')}`);
		if (!res.ok) return new Set();
		return new Set(((await res.json()) as { unpaid: string[] }).unpaid);
	} catch {
		return new Set();
	}
}
