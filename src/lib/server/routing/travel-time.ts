import { estimateTravelMinutes, haversineMeters, type LatLng } from '$lib/domain/travel-estimate';

/**
 * How long each origin needs to drive to one destination. The candidates service asks for all
 * its shortlisted technicians at once, so a routing service answers with one /table request.
 */
export interface TravelTimes {
	readonly name: string;
	/** Whole minutes per origin, in the same order. */
	minutesTo(origins: readonly LatLng[], destination: LatLng): Promise<number[]>;
}

/** Great-circle distance times a road factor at an average speed: no network, no surprises. */
export class GreatCircleTravelTimes implements TravelTimes {
	readonly name = 'great-circle';
	async minutesTo(origins: readonly LatLng[], destination: LatLng): Promise<number[]> {
		return origins.map((o) => estimateTravelMinutes(haversineMeters(o, destination)));
	}
}
