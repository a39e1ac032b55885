import { describe, expect, it } from 'vitest';
import { clusterPoints, clusterRadius } from './map-clusters';

const p = (id: string, x: number, y: number, rank = 4) => ({ id, x, y, rank });

describe('clusterPoints', () => {
	it('gathers points within the distance, at their mean, with the most urgent rank', () => {
		const clusters = clusterPoints([p('a', 0, 0, 4), p('b', 10, 0, 0), p('c', 0, 10, 2), p('far', 100, 100, 5)], 20);
		expect(clusters).toEqual([
			{ x: 10 / 3, y: 10 / 3, ids: ['a', 'b', 'c'], rank: 0 },
			{ x: 100, y: 100, ids: ['far'], rank: 5 }
		]);
	});
	it('uses a square around the first point not yet taken, as OpenLayers does', () => {
		// b is within the square of a (not within a circle); c only near b, so it starts its own.
		expect(clusterPoints([p('a', 0, 0), p('b', 19, 19), p('c', 38, 38)], 20).map((c) => c.ids)).toEqual([['a', 'b'], ['c']]);
	});
	it('finds neighbours across grid cells, negative coordinates included', () => {
		expect(clusterPoints([p('a', -1, -1), p('b', 1, 1), p('c', -25, 3)], 20).map((c) => c.ids)).toEqual([['a', 'b'], ['c']]);
	});
	it('takes every point once, 5,000 of them quickly', () => {
		let seed = 1;
		const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
		const points = Array.from({ length: 5000 }, (_, i) => p(`c${i}`, random() * 1e6, random() * 1e6, i % 8));
		const started = performance.now();
		const clusters = clusterPoints(points, 20_000);
		expect(performance.now() - started).toBeLessThan(200);
		const ids = clusters.flatMap((c) => c.ids);
		expect(new Set(ids).size).toBe(5000);
		expect(ids.length).toBe(5000);
		for (const c of clusters) expect(c.rank).toBe(Math.min(...c.ids.map((id) => Number(id.slice(1)) % 8)));
	});
	it('one cluster per point without a distance', () => {
		expect(clusterPoints([p('a', 0, 0), p('b', 0, 0)], 0).map((c) => c.ids)).toEqual([['a'], ['b']]);
	});
});

describe('clusterRadius', () => {
	it('grows with the count, capped at 30 px (plus 6 on the wall)', () => {
		expect([clusterRadius(2, false), clusterRadius(16, false), clusterRadius(1e6, false), clusterRadius(2, true)]).toEqual([15, 24, 30, 21]);
	});
});
