/**
 * npm run seed -- --scale large: 100,000 more units and 2,000,000 readings on top of the demo
 * company, for benchmarks. Deterministic (fixed PRNG seeds, ids from ordinals), written with
 * COPY in one transaction, and marked in app_meta so a second run adds nothing. Units are spread
 * over the demo customers' sites; readings run monthly-ish back from today on every meter.
 */
import type postgres from 'postgres';
import { serialKey } from '../../domain/serial';
import { MODELS, modelKey, serialFormat, type CatalogueModel, type ModelUse } from './demo-catalogue';
import { DEMO_SEED_VERSION, SEED_META_KEY } from './demo-constants';
import { DemoCalendar } from './demo-dates';
import { attributesFor } from './demo-installed-base';
import type { DemoPlan } from './demo-plan';
import {
	analyzeInstalledBase,
	copyInto,
	existingSiteIds,
	getMeta,
	insertMeta,
	lockSeed,
	modelsByKey,
	serialKeysByBrand
} from './large.queries';
import { Rng, fastDemoUuid } from './random';

export const LARGE_META_KEY = 'seed-large';
export const LARGE_SEED_VERSION = 'large-v1';
export const LARGE_UNITS = 100_000;
export const LARGE_READINGS = 2_000_000;

const DAY_MS = 86_400_000;
const DAYS_PER_MONTH = 30.44;
/** Ordinals (the UUIDv7 time field) far above the demo's, so ids never meet. */
const ORDINAL = { unit: 50_000_000, history: 51_000_000, meter: 52_000_000, reading: 60_000_000 };

export class LargeSeedRefusedError extends Error {
	override name = 'LargeSeedRefusedError';
}

export type LargeSeedResult = { created: boolean; units: number; meters: number; readings: number; seconds: number };

const USES: [ModelUse | 'copier_mono' | 'copier_colour' | 'printer', number][] = [
	['copier_colour', 20],
	['copier_mono', 16],
	['printer', 20],
	['production', 0.5],
	['split', 22],
	['central', 7],
	['lift', 12],
	['ups', 2.5]
];

function modelsFor(use: (typeof USES)[number][0]): [CatalogueModel, number][] {
	const models =
		use === 'copier_colour' || use === 'copier_mono'
			? MODELS.filter((m) => m.category === use && m.use !== 'production')
			: use === 'printer'
				? MODELS.filter((m) => m.category === 'printer')
				: MODELS.filter((m) => m.use === use);
	return models.map((m) => [m, m.weight]);
}

type Meter = { id: string; daily: number; installDaysAgo: number; lastDaysAgo: number };

/** Rows joined into ~1 MB strings: COPY is fastest fed in large chunks. */
function* batched(rows: Iterable<string>, size = 4000): Generator<string> {
	let batch: string[] = [];
	for (const row of rows) {
		batch.push(row);
		if (batch.length === size) {
			yield batch.join('');
			batch = [];
		}
	}
	if (batch.length) yield batch.join('');
}

export async function seedLargeScale(
	sql: postgres.Sql,
	plan: DemoPlan,
	progress: (line: string) => void = () => {},
	options: { today?: string; units?: number; readings?: number } = {}
): Promise<LargeSeedResult> {
	const unitCount = options.units ?? LARGE_UNITS;
	const readingCount = options.readings ?? LARGE_READINGS;
	const started = performance.now();
	const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
	const cal = new DemoCalendar(options.today);
	const todayMs = Date.parse(`${cal.today}T00:00:00Z`);

	return sql.begin(async (tx) => {
		await lockSeed(tx);
		if ((await getMeta(tx, LARGE_META_KEY)) !== null) {
			return { created: false, units: 0, meters: 0, readings: 0, seconds: (performance.now() - started) / 1000 };
		}
		if ((await getMeta(tx, SEED_META_KEY)) !== DEMO_SEED_VERSION) {
			throw new LargeSeedRefusedError('the large scale goes on top of the demo company: seed the demo first');
		}
		progress(`seed large: adding ${unitCount.toLocaleString('en')} units and ${readingCount.toLocaleString('en')} readings`);

		const modelIds = await modelsByKey(tx);
		const siteRows = plan.customers.flatMap((c) => c.sites.map((s) => ({ id: s.id, kind: c.kind })));
		const present = await existingSiteIds(tx, siteRows.map((s) => s.id));
		const sitePool = siteRows.filter((s) => present.has(s.id));
		if (sitePool.length === 0) throw new LargeSeedRefusedError('none of the demo sites is in the database');
		const taken = await serialKeysByBrand(tx);

		const rng = new Rng('large:units');
		const ids = new Rng('large:ids');
		const pools = new Map(USES.map(([use]) => [use, modelsFor(use)]));
		const meters: Meter[] = [];
		const units: { id: string; siteId: string; installDaysAgo: number }[] = [];

		// Units: one line each; their meters are collected for the meters' COPY and the readings.
		const meterLines: string[] = [];
		const unitLines = function* (): Generator<string> {
			for (let i = 0; i < unitCount; i++) {
				const site = rng.pick(sitePool);
				const model = rng.weighted(pools.get(rng.weighted(USES))!);
				const modelId = modelIds.get(modelKey(model));
				if (!modelId) throw new LargeSeedRefusedError(`model ${modelKey(model)} is missing: run the demo seed first`);
				const status = rng.weighted([['active', 90], ['under_repair', 3], ['standby', 4], ['decommissioned', 3]] as const);
				const installDaysAgo = rng.int(60, 8 * 365);
				const decommissionDaysAgo = status === 'decommissioned' ? rng.int(20, installDaysAgo - 40) : null;
				let keys = taken.get(model.brand);
				if (!keys) taken.set(model.brand, (keys = new Set()));
				let serial: string;
				let key: string;
				do {
					serial = serialFormat(model.brand)(rng, 2026 - Math.floor(installDaysAgo / 365), rng.int(1, 52));
					key = serialKey(serial);
				} while (keys.has(key));
				keys.add(key);
				const id = fastDemoUuid(ids, ORDINAL.unit + i);
				const installDate = cal.daysAgo(installDaysAgo);
				const attributes = JSON.stringify(attributesFor(rng, model, site.kind));
				units.push({ id, siteId: site.id, installDaysAgo });
				for (const meterType of model.meters) {
					const [min, max] = model.volumes[meterType]!;
					meters.push({
						id: fastDemoUuid(ids, ORDINAL.meter + meters.length),
						daily: (rng.logReal(min, max) * (status === 'standby' ? 0.35 : 1)) / DAYS_PER_MONTH,
						installDaysAgo,
						lastDaysAgo: decommissionDaysAgo ?? rng.int(1, 20)
					});
					meterLines.push(
						`${meters[meters.length - 1].id}\t${id}\t${meterType}\t${meterType === 'hours' || meterType === 'cycles' || model.maxValue === null ? '\\N' : model.maxValue}\n`
					);
				}
				yield `${id}\t${modelId}\t${model.brand}\t${serial}\t${key}\t${site.id}\t${status}\t${installDate}\t${cal.addMonths(installDate, 24)}\t${attributes}\n`;
			}
		};
		await copyInto(tx, 'equipment', batched(unitLines()));
		progress(`  units ${unitCount.toLocaleString('en')} copied (${elapsed()})`);

		await copyInto(
			tx,
			'equipment_site_history',
			batched(
				(function* () {
					for (const [i, u] of units.entries()) {
						const from = cal.at(cal.daysAgo(u.installDaysAgo), 9, 0).toISOString();
						yield `${fastDemoUuid(ids, ORDINAL.history + i)}\t${u.id}\t${u.siteId}\t${from}\tInstallazione\n`;
					}
				})()
			)
		);
		await copyInto(tx, 'meters', batched(meterLines));
		progress(`  site history ${units.length.toLocaleString('en')} and meters ${meters.length.toLocaleString('en')} copied (${elapsed()})`);

		// Readings: exactly readingCount, spread evenly over the meters, each meter's readings
		// monthly back from its last one (closer together for units installed recently).
		const reading = new Rng('large:readings');
		let written = 0;
		let nextReport = readingCount / 10;
		const readingLines = function* (): Generator<string> {
			for (const [j, m] of meters.entries()) {
				const n = Math.floor((readingCount * (j + 1)) / meters.length) - Math.floor((readingCount * j) / meters.length);
				if (n === 0) continue;
				const span = m.installDaysAgo - m.lastDaysAgo - 1;
				const step = Math.min(DAYS_PER_MONTH, span / n);
				let value = m.daily * (m.installDaysAgo - (m.lastDaysAgo + step * (n - 1))) + reading.int(50, 400);
				for (let k = n - 1; k >= 0; k--) {
					const daysAgo = m.lastDaysAgo + step * k;
					if (k < n - 1) value += m.daily * step * reading.real(0.85, 1.15);
					const source = reading.weighted([['remote', 55], ['technician', 20], ['customer', 20], ['estimated', 5]] as const);
					const at = new Date(todayMs - daysAgo * DAY_MS + (source === 'remote' ? 4 : reading.int(7, 16)) * 3_600_000).toISOString();
					yield `${fastDemoUuid(ids, ORDINAL.reading + written)}\t${m.id}\t${Math.round(value)}\t${at}\t${source}\tnormal\tt\taccepted\n`;
					written++;
					if (written >= nextReport) {
						progress(`  readings ${`${Math.round((written / readingCount) * 100)}%`.padStart(4)} ${written.toLocaleString('en')} (${elapsed()})`);
						nextReport += readingCount / 10;
					}
				}
			}
		};
		await copyInto(tx, 'meter_readings', batched(readingLines()));
		await insertMeta(tx, LARGE_META_KEY, LARGE_SEED_VERSION);
		progress(`  analyzing (${elapsed()})`);
		await analyzeInstalledBase(tx);
		return { created: true, units: units.length, meters: meters.length, readings: written, seconds: (performance.now() - started) / 1000 };
	});
}
