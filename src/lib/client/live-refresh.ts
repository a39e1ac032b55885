import { afterNavigate, invalidateAll } from '$app/navigation';
import { navigating } from '$app/state';

/**
 * A refresh for live announcements that never cancels the user's navigation. SvelteKit drops a
 * navigation in flight when an invalidation starts (the newer load wins), so a filter sent or a
 * day changed just as a call changed elsewhere would silently do nothing. While a navigation is
 * in progress the refresh waits for the new page and runs then (its data may predate the change).
 *
 * Call during component initialisation: it registers an afterNavigate callback.
 */
export function liveRefresher(run: () => Promise<unknown> = invalidateAll): () => void {
	let missed = false;
	afterNavigate(() => {
		if (!missed) return;
		missed = false;
		void run();
	});
	return () => {
		if (navigating.to) missed = true;
		else void run();
	};
}
