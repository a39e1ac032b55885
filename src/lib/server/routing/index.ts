import { config } from '../config';
import { OsrmTravelTimes } from './osrm-travel-times';
import { GreatCircleTravelTimes, type TravelTimes } from './travel-time';

export type { TravelTimes } from './travel-time';
export { GreatCircleTravelTimes } from './travel-time';
export { OsrmTravelTimes } from './osrm-travel-times';

/** OSRM when OSRM_URL is configured, otherwise the great-circle estimate. */
export function travelTimes(): TravelTimes {
	const url = config().OSRM_URL;
	return url ? new OsrmTravelTimes(url) : new GreatCircleTravelTimes();
}
