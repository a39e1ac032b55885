/** Deterministic randomness and ids for the seeds: the same plan, and the same ids, on every run. */
import { createHash } from 'node:crypto';

/** mulberry32: tiny, fast, and the same sequence on every platform for a given seed. */
export class Rng {
	private state: number;
	constructor(seed: string) {
		this.state = createHash('sha256').update(seed).digest().readUInt32LE(0);
	}
	next(): number {
		let t = (this.state = (this.state + 0x6d2b79f5) | 0);
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}
	/** Uniform in [min, max). */
	real(min: number, max: number): number {
		return min + this.next() * (max - min);
	}
	/** Log-uniform in [min, max): office volumes cluster at the low end, as real fleets do. */
	logReal(min: number, max: number): number {
		return Math.exp(this.real(Math.log(min), Math.log(max)));
	}
	chance(p: number): boolean {
		return this.next() < p;
	}
	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}
	weighted<T>(items: readonly (readonly [T, number])[]): T {
		const total = items.reduce((s, [, w]) => s + w, 0);
		let x = this.next() * total;
		for (const [item, w] of items) if ((x -= w) < 0) return item;
		return items[items.length - 1][0];
	}
	shuffle<T>(items: readonly T[]): T[] {
		const out = [...items];
		for (let i = out.length - 1; i > 0; i--) {
			const j = Math.floor(this.next() * (i + 1));
			[out[i], out[j]] = [out[j], out[i]];
		}
		return out;
	}
}

const DEMO_EPOCH_MS = Date.UTC(2026, 0, 1);
const scratch = new Uint8Array(16);
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function uuidFromBytes(bytes: Uint8Array, ordinal: number): string {
	const ms = DEMO_EPOCH_MS + ordinal;
	// 48-bit big-endian milliseconds; plain arithmetic because ms exceeds 32 bits.
	const high = Math.floor(ms / 2 ** 32);
	const low = ms >>> 0;
	bytes[0] = (high >>> 8) & 0xff;
	bytes[1] = high & 0xff;
	bytes[2] = (low >>> 24) & 0xff;
	bytes[3] = (low >>> 16) & 0xff;
	bytes[4] = (low >>> 8) & 0xff;
	bytes[5] = low & 0xff;
	bytes[6] = (bytes[6] & 0x0f) | 0x70;
	bytes[8] = (bytes[8] & 0x3f) | 0x80;
	const h = (i: number) => HEX[bytes[i]];
	return (
		h(0) + h(1) + h(2) + h(3) + '-' + h(4) + h(5) + '-' + h(6) + h(7) + '-' + h(8) + h(9) + '-' +
		h(10) + h(11) + h(12) + h(13) + h(14) + h(15)
	);
}

/**
 * A UUIDv7 whose time field is a fixed epoch plus `ordinal` (so ids sort in code order) and whose
 * random bits come from a hash of `name`: the same row gets the same id on every run.
 */
export function demoUuid(name: string, ordinal: number): string {
	return uuidFromBytes(createHash('sha256').update(`quadro-demo:${name}`).digest().subarray(0, 16), ordinal);
}

/**
 * demoUuid without the hash, for millions of benchmark rows: the time field (the ordinal) alone
 * keeps ids unique within a table, and the random bits come from the caller's PRNG.
 */
export function fastDemoUuid(rng: Rng, ordinal: number): string {
	const bytes = scratch;
	for (let i = 6; i < 16; i += 4) {
		const r = Math.floor(rng.next() * 4294967296);
		bytes[i] = r & 0xff;
		bytes[i + 1] = (r >>> 8) & 0xff;
		if (i + 2 < 16) bytes[i + 2] = (r >>> 16) & 0xff;
		if (i + 3 < 16) bytes[i + 3] = (r >>> 24) & 0xff;
	}
	return uuidFromBytes(bytes, ordinal);
}
