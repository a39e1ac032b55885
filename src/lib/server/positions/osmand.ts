import { ValidationError } from '../errors';

/**
 * The OsmAnd protocol that vehicle GPS trackers and the Traccar Client app speak: one fix per
 * request as query or form parameters `id`, `lat`, `lon`, `timestamp`, `speed`, `bearing`,
 * `accuracy` (others such as `altitude` or `batt` are ignored), or the Traccar Client's JSON body
 * `{ device_id, location: { timestamp, coords: { latitude, longitude, speed, heading, accuracy } } }`.
 *
 * Units: OsmAnd `speed` is in knots (as Traccar reads it) and is converted to m/s here;
 * the JSON body's `coords.speed` is already m/s. `timestamp` is unix seconds, unix milliseconds
 * (values of 2^31 and above), or an ISO date-time (without an offset it is UTC); absent means now.
 */
export const KNOTS_TO_MPS = 1852 / 3600;

export type TrackerFix = { deviceId: string; lat: number; lng: number; accuracy: number | null; heading: number | null; speed: number | null; recordedAt: Date };

/** Our field names mapped back to the protocol's, so a 400 names what the tracker sent. */
export const OSMAND_FIELD: Record<string, string> = { lat: 'lat', lng: 'lon', heading: 'bearing', speed: 'speed', accuracy: 'accuracy', recordedAt: 'timestamp' };

function number(value: unknown, field: string, required: boolean): number | null {
	if (value === undefined || value === null || value === '') {
		if (required) throw new ValidationError(field, `${field} is required`);
		return null;
	}
	const n = typeof value === 'number' ? value : Number(String(value).trim());
	if (!Number.isFinite(n)) throw new ValidationError(field, `${field} must be a number`);
	return n;
}

export function parseTrackerTime(value: unknown, now: Date): Date {
	if (value === undefined || value === null || value === '') return now;
	const text = String(value).trim();
	if (/^\d+(\.\d+)?$/.test(text)) {
		const n = Number(text);
		return new Date(n < 2 ** 31 ? n * 1000 : n);
	}
	const iso = /[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? text : text.replace(' ', 'T') + 'Z';
	const d = new Date(iso);
	if (Number.isNaN(d.getTime())) throw new ValidationError('timestamp', 'timestamp must be unix seconds or an ISO date-time');
	return d;
}

function deviceIdOf(value: unknown): string {
	const id = value === undefined || value === null ? '' : String(value).trim();
	if (!id) throw new ValidationError('id', 'id (the device identifier) is required');
	if (id.length > 100) throw new ValidationError('id', 'id is too long');
	return id;
}

export function parseOsmAndParams(params: URLSearchParams, now: Date): TrackerFix {
	const knots = number(params.get('speed'), 'speed', false);
	return {
		deviceId: deviceIdOf(params.get('id') ?? params.get('deviceid')),
		lat: number(params.get('lat'), 'lat', true)!,
		lng: number(params.get('lon'), 'lon', true)!,
		accuracy: number(params.get('accuracy'), 'accuracy', false),
		heading: number(params.get('bearing') ?? params.get('heading'), 'bearing', false),
		speed: knots === null ? null : knots * KNOTS_TO_MPS,
		recordedAt: parseTrackerTime(params.get('timestamp'), now)
	};
}

type TraccarJson = {
	device_id?: unknown;
	location?: { timestamp?: unknown; coords?: { latitude?: unknown; longitude?: unknown; speed?: unknown; heading?: unknown; accuracy?: unknown } };
};

export function parseTraccarJson(body: unknown, now: Date): TrackerFix {
	if (typeof body !== 'object' || body === null) throw new ValidationError('body', 'expected the Traccar JSON object');
	const b = body as TraccarJson;
	const coords = b.location?.coords;
	if (!coords) throw new ValidationError('location.coords', 'location.coords is required');
	const speed = number(coords.speed, 'speed', false);
	return {
		deviceId: deviceIdOf(b.device_id),
		lat: number(coords.latitude, 'lat', true)!,
		lng: number(coords.longitude, 'lon', true)!,
		accuracy: number(coords.accuracy, 'accuracy', false),
		// The Traccar Client sends -1 when it has no heading or speed.
		heading: (() => {
			const h = number(coords.heading, 'bearing', false);
			return h !== null && h < 0 ? null : h;
		})(),
		speed: speed !== null && speed < 0 ? null : speed,
		recordedAt: parseTrackerTime(b.location?.timestamp, now)
	};
}
