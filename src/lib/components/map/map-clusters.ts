/**
 * The live map's clusters, computed by the engine once per resolution (not on every frame, not
 * while the view moves) and kept until the calls move or change in number; a call changing colour
 * only changes the worst colour of its own cluster. Pure, for tests.
 */

export type ClusterInput = { id: string; x: number; y: number; rank: number };
export type Cluster = { x: number; y: number; ids: string[]; rank: number };

/**
 * Greedy clustering like OpenLayers' Cluster source: each point not yet taken gathers every point
 * not yet taken within `distance` (map units, a square around it), and the cluster sits at their
 * mean. A grid of `distance`-wide cells makes it linear in the number of points. `rank` is the
 * most urgent (lowest) rank of the members.
 */
export function clusterPoints(points: readonly ClusterInput[], distance: number): Cluster[] {
	if (!(distance > 0)) return points.map((p) => ({ x: p.x, y: p.y, ids: [p.id], rank: p.rank }));
	const cell = (v: number) => Math.floor(v / distance);
	const grid = new Map<string, number[]>();
	for (let i = 0; i < points.length; i++) {
		const key = `${cell(points[i].x)}:${cell(points[i].y)}`;
		const list = grid.get(key);
		if (list) list.push(i);
		else grid.set(key, [i]);
	}
	const taken = new Uint8Array(points.length);
	const out: Cluster[] = [];
	for (let i = 0; i < points.length; i++) {
		if (taken[i]) continue;
		const seed = points[i];
		const cx = cell(seed.x);
		const cy = cell(seed.y);
		const ids: string[] = [];
		let sx = 0;
		let sy = 0;
		let rank = Infinity;
		for (let gx = cx - 1; gx <= cx + 1; gx++) {
			for (let gy = cy - 1; gy <= cy + 1; gy++) {
				const list = grid.get(`${gx}:${gy}`);
				if (!list) continue;
				for (const j of list) {
					if (taken[j]) continue;
					const p = points[j];
					if (Math.abs(p.x - seed.x) > distance || Math.abs(p.y - seed.y) > distance) continue;
					taken[j] = 1;
					ids.push(p.id);
					sx += p.x;
					sy += p.y;
					if (p.rank < rank) rank = p.rank;
				}
			}
		}
		out.push({ x: sx / ids.length, y: sy / ids.length, ids, rank });
	}
	return out;
}

/** A cluster's symbol radius in pixels: grows with the count, capped. */
export function clusterRadius(count: number, big: boolean): number {
	return Math.min(30, 12 + Math.log2(count) * 3) + (big ? 6 : 0);
}
