/**
 * Demo positions: most technicians were seen in the last few minutes near their home base (with
 * a short trail), every fifth one hours ago (stale), and the first three drive vans whose GPS
 * trackers report through the OsmAnd protocol (device ids DEMO-VAN-01..03). Plus one custom area
 * around Milano. Idempotent: positions are added only when none of these technicians has one,
 * the area once by name.
 */
import type { Db } from '../db/client';
import { uuidv7 } from '../ids';
import { insertArea, nameTaken } from '../areas/areas.queries';
import { countCurrentPositions, insertPositions, setTrackerDeviceIds, type NewPosition } from '../positions/positions.queries';
import { Rng } from './random';

export type SeedTechnician = { id: string; code: string; homeBase: { lng: number; lat: number } };

export const DEMO_AREA_NAME = 'Milano entro le tangenziali';
/** Roughly the ring of Milano's tangenziali, clockwise from the north-west. */
const MILANO_RING: [number, number][] = [
	[9.09, 45.52], [9.17, 45.54], [9.26, 45.53], [9.29, 45.47], [9.26, 45.41],
	[9.18, 45.39], [9.1, 45.41], [9.07, 45.46], [9.09, 45.52]
];
const TRACKED = 3;
const STALE_EVERY = 5;
const TRAIL = 6;

/** About `km` kilometres in a random direction (1 degree of latitude is 111 km). */
function nudge(rng: Rng, at: { lng: number; lat: number }, km: number) {
	const angle = rng.real(0, 2 * Math.PI);
	const d = rng.real(0.2, 1) * km;
	return { lat: at.lat + (d / 111) * Math.sin(angle), lng: at.lng + (d / (111 * Math.cos((at.lat * Math.PI) / 180))) * Math.cos(angle) };
}

export function planPositions(technicians: SeedTechnician[], now: Date): { positions: NewPosition[]; trackers: { id: string; deviceId: string }[] } {
	const rng = new Rng('positions');
	const positions: NewPosition[] = [];
	const trackers: { id: string; deviceId: string }[] = [];
	const sorted = [...technicians].sort((a, b) => a.code.localeCompare(b.code));
	sorted.forEach((t, i) => {
		const vehicle = i < TRACKED;
		if (vehicle) trackers.push({ id: t.id, deviceId: `DEMO-VAN-${String(i + 1).padStart(2, '0')}` });
		const stale = (i + 1) % STALE_EVERY === 0;
		const lastMinutesAgo = stale ? rng.real(120, 360) : rng.real(0.5, 8);
		let at = nudge(rng, t.homeBase, stale ? 3 : 12);
		// The trail runs backwards from the latest fix, one fix every ~4 minutes.
		for (let k = 0; k < TRAIL; k++) {
			const recordedAt = new Date(Math.floor((now.getTime() - (lastMinutesAgo + k * 4) * 60_000) / 1000) * 1000);
			positions.push({
				technicianId: t.id,
				source: vehicle ? 'vehicle' : 'phone',
				fix: {
					lat: Math.round(at.lat * 1e6) / 1e6,
					lng: Math.round(at.lng * 1e6) / 1e6,
					accuracy: vehicle ? 5 : Math.round(rng.real(5, 40)),
					heading: Math.round(rng.real(0, 359)),
					speed: k === 0 && stale ? 0 : Math.round(rng.real(0, 15) * 10) / 10,
					recordedAt
				}
			});
			at = nudge(rng, at, 1.5);
		}
	});
	return { positions, trackers };
}

export async function seedPositions(tx: Db, technicians: SeedTechnician[], now = new Date()): Promise<void> {
	const { positions, trackers } = planPositions(technicians, now);
	await setTrackerDeviceIds(tx, trackers);
	// Positions are relative to now: a second run would add a new set, so it adds none.
	if ((await countCurrentPositions(tx, technicians.map((t) => t.id))) === 0) await insertPositions(tx, positions);
	if (!(await nameTaken(tx, DEMO_AREA_NAME, null))) {
		await insertArea(tx, { id: uuidv7(), kind: 'custom', code: null, name: DEMO_AREA_NAME, geojson: JSON.stringify({ type: 'Polygon', coordinates: [MILANO_RING] }) });
	}
}
