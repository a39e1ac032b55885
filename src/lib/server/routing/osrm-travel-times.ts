import type { LatLng } from '$lib/domain/travel-estimate';
import { logger } from '../logger';
import { GreatCircleTravelTimes, type TravelTimes } from './travel-time';

type OsrmTable = { code: string; message?: string; durations?: Array<Array<number | null>> };

/**
 * An OSRM-compatible routing service (OSRM, or Valhalla/GraphHopper behind an OSRM facade):
 * GET /table/v1/driving/{lng,lat;...}?sources=1;2;...&destinations=0&annotations=duration.
 * Ranking must not fail because the router is down or slow: on any error, or for a pair the
 * router cannot route (null), the great-circle estimate stands in and the problem is logged.
 */
export class OsrmTravelTimes implements TravelTimes {
	readonly name = 'osrm';
	private readonly fallback = new GreatCircleTravelTimes();

	constructor(
		private readonly baseUrl: string,
		private readonly timeoutMs = 1500,
		private readonly profile = 'driving'
	) {}

	async minutesTo(origins: readonly LatLng[], destination: LatLng): Promise<number[]> {
		if (origins.length === 0) return [];
		const estimates = await this.fallback.minutesTo(origins, destination);
		const coords = [destination, ...origins].map((p) => `${p.lng.toFixed(6)},${p.lat.toFixed(6)}`).join(';');
		const sources = origins.map((_, i) => i + 1).join(';');
		const url = `${this.baseUrl.replace(/\/$/, '')}/table/v1/${this.profile}/${coords}?sources=${sources}&destinations=0&annotations=duration`;
		try {
			const res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
			const body = (await res.json()) as OsrmTable;
			if (!res.ok || body.code !== 'Ok' || !Array.isArray(body.durations)) throw new Error(`OSRM answered ${res.status} ${body.code}: ${body.message ?? ''}`);
			return origins.map((_, i) => {
				const seconds = body.durations![i]?.[0];
				return typeof seconds === 'number' && Number.isFinite(seconds) ? Math.ceil(seconds / 60) : estimates[i];
			});
		} catch (error) {
			logger().warn({ err: error instanceof Error ? error.message : String(error) }, 'routing service unavailable: great-circle estimate used');
			return estimates;
		}
	}
}
