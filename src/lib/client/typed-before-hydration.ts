/**
 * Puts back what the user typed or picked before the page hydrated. Svelte writes each field's
 * rendered value (`value={...}`) into the DOM when it hydrates, which wipes text typed on a slow
 * device in the meantime. An inline script in app.html records those fields; once hydrated, each
 * one that lost its content gets it back, with the event a user's typing would have fired, so
 * bindings and handlers see it too.
 */
type Typed = { value: string; checked: boolean };

declare global {
	interface Window {
		__typedBeforeHydration?: Map<Element, Typed>;
	}
}

export function restoreTypedBeforeHydration(): void {
	const typed = window.__typedBeforeHydration;
	if (!typed) return;
	for (const [el, was] of typed) {
		if (!el.isConnected) continue;
		if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
			if (el.checked === was.checked) continue;
			el.checked = was.checked;
			el.dispatchEvent(new Event('change', { bubbles: true }));
		} else if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) {
			if (el.value === was.value) continue;
			el.value = was.value;
			el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
		}
	}
	typed.clear();
}
