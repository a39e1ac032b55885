// Areas at service level against real PostgreSQL+PostGIS: ISTAT reference areas, custom areas,
// and site membership kept by the site_areas triggers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitaIvaCheckDigit } from '../../src/lib/domain/italian-tax-ids';
import type { Actor } from '../../src/lib/server/auth/actor';
import { areasOfSites, areasOfTechnicians, listAreas as listAreaRows, replaceTechnicianAreas } from '../../src/lib/server/areas/areas.queries';
import { createArea, deleteArea, getArea, listAreas, sitesOfArea, updateArea } from '../../src/lib/server/areas/areas.service';
import { createCustomer } from '../../src/lib/server/customers/customers.service';
import { createSite, updateSite } from '../../src/lib/server/customers/sites.service';
import { technicians } from '../../src/lib/server/db/schema';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../src/lib/server/errors';
import { uuidv7 } from '../../src/lib/server/ids';
import { loadIstatAreas } from '../../src/lib/server/reference/istat-areas';
import { createTestUser } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

let fresh: FreshDatabase;
let admin: Actor;
let dispatcher: Actor;
let technician: Actor;
let customerId: string;

const MILANO = '015146';
const TORINO = '001272';
/** A square around Milano's centre (Duomo 9.19 E, 45.464 N), about 8 km a side. */
const AROUND_MILANO = {
	type: 'Polygon',
	coordinates: [
		[
			[9.14, 45.43],
			[9.24, 45.43],
			[9.24, 45.5],
			[9.14, 45.5],
			[9.14, 45.43]
		]
	]
};
const NEAR_BERGAMO = {
	type: 'Polygon',
	coordinates: [
		[
			[9.6, 45.65],
			[9.75, 45.65],
			[9.75, 45.75],
			[9.6, 45.75],
			[9.6, 45.65]
		]
	]
};

async function expectError<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T, field?: string): Promise<T> {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(type);
	if (field !== undefined) expect((error as { field?: string }).field).toBe(field);
	return error as T;
}

async function regionAndProvince() {
	const rows = await listAreaRows(fresh.db);
	const lombardia = rows.find((a) => a.kind === 'region' && a.code === '03')!;
	const piemonte = rows.find((a) => a.kind === 'region' && a.code === '01')!;
	const mi = rows.find((a) => a.kind === 'province' && a.code === 'MI')!;
	const to = rows.find((a) => a.kind === 'province' && a.code === 'TO')!;
	return { lombardia, piemonte, mi, to };
}

async function membership(siteId: string): Promise<string[]> {
	return (await areasOfSites(fresh.db, [siteId])).get(siteId) ?? [];
}

beforeAll(async () => {
	fresh = await freshDatabase();
	admin = await createTestUser(fresh.db, 'admin');
	dispatcher = await createTestUser(fresh.db, 'dispatcher');
	technician = await createTestUser(fresh.db, 'technician');
	const first10 = '0712345678';
	const c = await createCustomer(dispatcher, {
		businessName: 'Aree Srl',
		address: 'Via Roma 1',
		vatNumber: first10 + partitaIvaCheckDigit(first10),
		sdiCode: 'ABC1234',
		comuneIstat: MILANO
	});
	customerId = c.id;
});
afterAll(async () => {
	await fresh?.close();
});

describe('reference areas', () => {
	it('loads the 20 regions and 107 provinces from the ISTAT polygons, idempotently', async () => {
		const rows = await listAreaRows(fresh.db);
		expect(rows.filter((a) => a.kind === 'region')).toHaveLength(20);
		expect(rows.filter((a) => a.kind === 'province')).toHaveLength(107);
		const before = rows.map((r) => r.id).sort();
		await loadIstatAreas(fresh.db);
		expect((await listAreaRows(fresh.db)).map((r) => r.id).sort()).toEqual(before);
	});

	it('office roles read areas; simplified geometry is GeoJSON; technicians are refused', async () => {
		const all = await listAreas(dispatcher, new URLSearchParams('kind=region&geometry=simplified'));
		expect(all).toHaveLength(20);
		expect((all[0] as unknown as { geometry: { type: string } }).geometry.type).toBe('MultiPolygon');
		await expectError(listAreas(technician, new URLSearchParams()), ForbiddenError);
		await expectError(listAreas(dispatcher, new URLSearchParams('kind=county')), ValidationError, 'kind');
		await expectError(listAreas(dispatcher, new URLSearchParams('geometry=huge')), ValidationError, 'geometry');
	});
});

describe('site membership', () => {
	it('a site in Milano is in Lombardia, in province MI and in a custom area drawn around it', async () => {
		const { lombardia, mi } = await regionAndProvince();
		// Site first, then the area: the area trigger adds the existing site.
		const site = await createSite(dispatcher, customerId, { name: 'Duomo', address: 'Piazza del Duomo 1', comuneIstat: MILANO, location: { lng: 9.1916, lat: 45.4641 } });
		expect(new Set(await membership(site.id))).toEqual(new Set([lombardia.id, mi.id]));
		const { area, repaired } = await createArea(admin, { name: 'Milano centro', geometry: AROUND_MILANO });
		expect(repaired).toBeNull();
		expect(area.kind).toBe('custom');
		expect(new Set(await membership(site.id))).toEqual(new Set([lombardia.id, mi.id, area.id]));
		// Area first, then a site: the site trigger finds it.
		const second = await createSite(dispatcher, customerId, { name: 'Brera', address: 'Via Brera 28', comuneIstat: MILANO, location: { lng: 9.188, lat: 45.4719 } });
		expect(await membership(second.id)).toContain(area.id);
		const page = await sitesOfArea(dispatcher, area.id, new URLSearchParams());
		expect(page.items.map((s) => s.name).sort()).toEqual(['Brera', 'Duomo']);
	});

	it('moving the site or editing the area updates membership', async () => {
		const { lombardia, piemonte, mi, to } = await regionAndProvince();
		const site = await createSite(dispatcher, customerId, { name: 'Navigli', address: 'Ripa di Porta Ticinese 7', comuneIstat: MILANO, location: { lng: 9.176, lat: 45.452 } });
		const { area } = await createArea(admin, { name: 'Zona mobile', geometry: AROUND_MILANO });
		expect(await membership(site.id)).toContain(area.id);

		await updateArea(admin, area.id, { geometry: NEAR_BERGAMO });
		expect(await membership(site.id)).not.toContain(area.id);
		await updateArea(admin, area.id, { geometry: { type: 'MultiPolygon', coordinates: [AROUND_MILANO.coordinates] } });
		expect(await membership(site.id)).toContain(area.id);

		// Renaming alone leaves membership untouched.
		await updateArea(admin, area.id, { name: 'Zona rinominata' });
		expect((await getArea(dispatcher, area.id)).name).toBe('Zona rinominata');
		expect(await membership(site.id)).toContain(area.id);

		// Moving the site to Torino: Piemonte and TO, no longer Lombardia, MI or the custom area.
		await updateSite(dispatcher, site.id, { comuneIstat: TORINO });
		expect(new Set(await membership(site.id))).toEqual(new Set([piemonte.id, to.id]));
		// Updating another field does not disturb membership.
		await updateSite(dispatcher, site.id, { accessNotes: 'citofono 3' });
		expect(new Set(await membership(site.id))).toEqual(new Set([piemonte.id, to.id]));
		await updateSite(dispatcher, site.id, { comuneIstat: MILANO, location: { lng: 9.176, lat: 45.452 } });
		expect(await membership(site.id)).toEqual(expect.arrayContaining([lombardia.id, mi.id, area.id]));

		await deleteArea(admin, area.id);
		const after = await membership(site.id);
		expect(after).toEqual(expect.arrayContaining([lombardia.id, mi.id]));
		expect(after).not.toContain(area.id);
		await expectError(getArea(dispatcher, area.id), NotFoundError);
	});
});

describe('custom area validation and rights', () => {
	it('refuses bad shapes with the field at fault', async () => {
		const open = { type: 'Polygon', coordinates: [[[9.1, 45.4], [9.2, 45.4], [9.2, 45.5], [9.1, 45.5]]] };
		await expectError(createArea(admin, { name: 'Aperta', geometry: open }), ValidationError, 'geometry.coordinates.0');
		const abroad = { type: 'Polygon', coordinates: [[[2.3, 48.8], [2.4, 48.8], [2.4, 48.9], [2.3, 48.8]]] };
		await expectError(createArea(admin, { name: 'Parigi', geometry: abroad }), ValidationError, 'geometry.coordinates.0.0');
		const text = { type: 'Polygon', coordinates: [[[9.1, '45.4'], [9.2, 45.4], [9.2, 45.5], [9.1, 45.4]]] };
		await expectError(createArea(admin, { name: 'Testo', geometry: text }), ValidationError, 'geometry.coordinates.0.0');
		await expectError(createArea(admin, { name: 'Punto', geometry: { type: 'Point', coordinates: [9.1, 45.4] } }), ValidationError, 'geometry.type');
		await expectError(createArea(admin, { name: 'Niente' }), ValidationError, 'geometry');
		const flat = { type: 'Polygon', coordinates: [[[9.1, 45.4], [9.2, 45.4], [9.3, 45.4], [9.1, 45.4]]] };
		await expectError(createArea(admin, { name: 'Piatta', geometry: flat }), ValidationError, 'geometry');
		await expectError(createArea(admin, { name: '  ', geometry: AROUND_MILANO }), ValidationError, 'name');
	});

	it('repairs a self-intersecting (bow-tie) polygon with ST_MakeValid and says so', async () => {
		const bowtie = { type: 'Polygon', coordinates: [[[9.1, 45.4], [9.2, 45.5], [9.2, 45.4], [9.1, 45.5], [9.1, 45.4]]] };
		const { area, repaired } = await createArea(admin, { name: 'Farfalla', geometry: bowtie });
		expect(repaired).toMatch(/self-intersection/i);
		expect((area.geometry as { type: string; coordinates: unknown[] }).coordinates).toHaveLength(2);
	});

	it('only admins write; reference areas cannot be changed; names are unique', async () => {
		await expectError(createArea(dispatcher, { name: 'X', geometry: AROUND_MILANO }), ForbiddenError);
		const { lombardia } = await regionAndProvince();
		await expectError(updateArea(admin, lombardia.id, { name: 'Padania' }), ConflictError, 'kind');
		await expectError(deleteArea(admin, lombardia.id), ConflictError, 'kind');
		await createArea(admin, { name: 'Unica', geometry: AROUND_MILANO });
		await expectError(createArea(admin, { name: 'unica', geometry: AROUND_MILANO }), ConflictError, 'name');
		await expectError(updateArea(admin, uuidv7(), { name: 'Nessuna' }), NotFoundError);
	});

	it('areasOfTechnicians maps each technician to their areas', async () => {
		const { lombardia, mi } = await regionAndProvince();
		const techId = uuidv7();
		await fresh.db.insert(technicians).values({ id: techId, code: 'T-AREA', name: 'Tecnico Aree', homeBase: { lng: 9.19, lat: 45.46 } });
		await replaceTechnicianAreas(fresh.db, techId, [lombardia.id, mi.id]);
		const map = await areasOfTechnicians(fresh.db, [techId, uuidv7()]);
		expect(new Set(map.get(techId))).toEqual(new Set([lombardia.id, mi.id]));
		expect(map.size).toBe(1);
	});
});
