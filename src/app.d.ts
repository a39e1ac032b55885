import type { ApiKeyPrincipal } from '$lib/server/auth/api-keys.service';
import type { SessionUser, ValidSession } from '$lib/server/auth/session.service';

declare global {
	namespace App {
		interface Locals {
			requestId: string;
			user: SessionUser | null;
			session: ValidSession | null;
			/** Set when an integration called an API-key route with a valid key of the right scope. */
			apiKey: ApiKeyPrincipal | null;
			/** Set by the hook when the user lacks the page's permission; the root layout renders 403. */
			forbidden: boolean;
			/** Set by the hook on /wall/<token> paths when the token opens an active wall screen. */
			wall?: import('$lib/server/wall/wall.service').WallScreen | null;
		}
		interface Error {
			message: string;
			requestId?: string;
		}
	}
}

export {};
