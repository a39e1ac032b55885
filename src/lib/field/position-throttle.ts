/** Metres between two points on the Earth (haversine; plenty for "moved 100 m"). */
export function metresBetween(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
	const r = 6_371_000;
	const rad = Math.PI / 180;
	const dLat = (b.lat - a.lat) * rad;
	const dLng = (b.lng - a.lng) * rad;
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
	return 2 * r * Math.asin(Math.min(1, Math.sqrt(h)));
}

export const SEND_EVERY_MS = 30_000;
export const SEND_AFTER_METRES = 100;

/** Whether a new fix should be sent: 30 s since the last send or 100 m away from it, whichever first. */
export function shouldSendPosition(last: { lat: number; lng: number; sentAt: number } | null, fix: { lat: number; lng: number; at: number }): boolean {
	if (!last) return true;
	if (fix.at - last.sentAt >= SEND_EVERY_MS) return true;
	return metresBetween(last, fix) >= SEND_AFTER_METRES;
}
