import type { SubmitFunction } from '@sveltejs/kit';

/**
 * The forms of one page, submitted with `use:enhance={forms.track('create')}`: `busy` names the
 * action running, so its button can disable itself and say so while the request is under way.
 * After a success the form is reset (unless `reset: false`, for pages that show what was saved)
 * and `after` runs (to close a dialog, say).
 */
export class BusyForms {
	busy = $state<string | null>(null);

	track(name: string, options: { reset?: boolean; after?: () => void } = {}): SubmitFunction {
		return () => {
			this.busy = name;
			return async ({ update, result }) => {
				await update({ reset: (options.reset ?? true) && result.type === 'success' });
				this.busy = null;
				if (result.type === 'success') options.after?.();
			};
		};
	}
}
