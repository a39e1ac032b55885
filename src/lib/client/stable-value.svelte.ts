/**
 * A read of plain data (strings, numbers, arrays, plain objects) that changes only when its
 * content does. A live refresh hands the page a new `data` object with the same filters; fields
 * written from it (`value={...}`, `checked={...}`) would then be written again, and Svelte's first
 * write after hydration replaces whatever the user typed meanwhile, even with an equal value.
 * Comparing by content keeps those fields untouched until the filters really change.
 */
export function stableValue<T>(read: () => T): { readonly current: T } {
	const json = $derived(JSON.stringify(read()));
	const value = $derived(JSON.parse(json) as T);
	return {
		get current() {
			return value;
		}
	};
}
