import { z } from 'zod';
import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { db } from '../db/client';
import { AREA_KINDS, type AreaKind } from '../db/schema';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { uuidv7 } from '../ids';
import { pageOf, pageRequest } from '../pagination';
import { parseAreaGeometry } from './area-geometry';
import * as queries from './areas.queries';

/** Display tolerance for regions and provinces when a map asks for simplified outlines. */
export const DISPLAY_TOLERANCE_DEGREES = 0.005;

const nameInput = z.string({ message: 'required' }).trim().min(1, 'required').max(120, 'at most 120 characters');
const createInput = z.object({ name: nameInput, geometry: z.unknown() });
const updateInput = z.object({ name: nameInput.optional(), geometry: z.unknown().optional() });

function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
	const result = schema.safeParse(input);
	if (!result.success) throw ValidationError.fromZod(result.error);
	return result.data;
}

const isUuid = (id: string) => z.uuid().safeParse(id).success;

/**
 * Structure first (closed rings, inside Italy), then topology by PostGIS: a self-intersecting
 * shape is repaired with ST_MakeValid when something polygonal remains, refused otherwise.
 */
async function checkedGeometry(input: unknown): Promise<{ geojson: string; repaired: string | null }> {
	if (input === undefined || input === null) throw new ValidationError('geometry', 'required: a GeoJSON Polygon or MultiPolygon');
	const geometry = parseAreaGeometry(input);
	const geojson = JSON.stringify(geometry);
	const inspected = await queries.inspectGeometry(db(), geojson);
	if (!inspected.valid && inspected.repairedAreaM2 <= 0) throw new ValidationError('geometry', `the shape is not a valid polygon (${inspected.reason})`);
	if (inspected.valid && inspected.repairedAreaM2 <= 0) throw new ValidationError('geometry', 'the shape has no area');
	return { geojson, repaired: inspected.valid ? null : inspected.reason };
}

function parseKinds(value: string | null): AreaKind[] | null {
	if (!value) return null;
	const kinds = value.split(',').map((k) => k.trim());
	for (const k of kinds) if (!(AREA_KINDS as readonly string[]).includes(k)) throw new ValidationError('kind', 'must be region, province or custom (comma-separated)');
	return kinds as AreaKind[];
}

/** GET /api/areas?kind=region,province&geometry=none|simplified|full */
export async function listAreas(actor: Actor, params: URLSearchParams) {
	authorize(actor, 'areas.read');
	const kinds = parseKinds(params.get('kind'));
	const geometry = params.get('geometry') ?? 'none';
	if (geometry === 'none') return queries.listAreas(db(), kinds);
	if (geometry !== 'simplified' && geometry !== 'full') throw new ValidationError('geometry', 'must be none, simplified or full');
	return queries.listAreasWithGeometry(db(), kinds, geometry === 'full' ? 0 : DISPLAY_TOLERANCE_DEGREES);
}

export async function getArea(actor: Actor, id: string) {
	authorize(actor, 'areas.read');
	const area = isUuid(id) ? await queries.findArea(db(), id) : null;
	if (!area) throw new NotFoundError('area not found');
	return area;
}

export async function createArea(actor: Actor, input: unknown, ip: string | null = null) {
	authorize(actor, 'areas.manage');
	const data = parse(createInput, input);
	const { geojson, repaired } = await checkedGeometry(data.geometry);
	const id = uuidv7();
	await db().transaction(async (tx) => {
		if (await queries.nameTaken(tx, data.name, null)) throw new ConflictError('name', 'another area has this name');
		await queries.insertArea(tx, { id, kind: 'custom', code: null, name: data.name, geojson });
		await audit({ action: 'area.create', actorUserId: actor.id, subject: id, ip, details: { name: data.name, repaired } }, tx);
	});
	return { area: (await queries.findArea(db(), id))!, repaired };
}

async function customArea(id: string) {
	const area = isUuid(id) ? await queries.findArea(db(), id) : null;
	if (!area) throw new NotFoundError('area not found');
	if (area.kind !== 'custom') throw new ConflictError('kind', 'regions and provinces are reference data and cannot be changed');
	return area;
}

export async function updateArea(actor: Actor, id: string, input: unknown, ip: string | null = null, now = new Date()) {
	authorize(actor, 'areas.manage');
	const data = parse(updateInput, input);
	await customArea(id);
	const checked = data.geometry !== undefined ? await checkedGeometry(data.geometry) : null;
	await db().transaction(async (tx) => {
		if (data.name !== undefined && (await queries.nameTaken(tx, data.name, id))) throw new ConflictError('name', 'another area has this name');
		// The site_areas trigger recomputes membership in this same transaction when the geometry changes.
		if (!(await queries.updateArea(tx, id, { name: data.name, geojson: checked?.geojson }, now))) throw new NotFoundError('area not found');
		await audit({ action: 'area.update', actorUserId: actor.id, subject: id, ip, details: { name: data.name, geometry: checked !== null, repaired: checked?.repaired ?? null } }, tx);
	});
	return { area: (await queries.findArea(db(), id))!, repaired: checked?.repaired ?? null };
}

export async function deleteArea(actor: Actor, id: string, ip: string | null = null) {
	authorize(actor, 'areas.manage');
	const area = await customArea(id);
	await db().transaction(async (tx) => {
		if (!(await queries.deleteArea(tx, id))) throw new NotFoundError('area not found');
		await audit({ action: 'area.delete', actorUserId: actor.id, subject: id, ip, details: { name: area.name } }, tx);
	});
}

/** GET /api/areas/:id/sites?page=&pageSize= : the sites inside an area, by customer. */
export async function sitesOfArea(actor: Actor, id: string, params: URLSearchParams) {
	authorize(actor, 'areas.read');
	authorize(actor, 'customers.read');
	if (!isUuid(id) || !(await queries.findArea(db(), id))) throw new NotFoundError('area not found');
	const page = pageRequest(params);
	const { items, total } = await queries.sitesInArea(db(), id, page.pageSize, page.offset);
	return pageOf(items, total, page);
}

/** The admin page: custom areas with their full shapes, and how many reference areas are loaded. */
export async function areasForEditor(actor: Actor) {
	authorize(actor, 'areas.manage');
	const [custom, reference] = await Promise.all([queries.listAreasWithGeometry(db(), ['custom'], 0), queries.listAreas(db(), ['region', 'province'])]);
	return {
		areas: custom,
		regions: reference.filter((a) => a.kind === 'region').length,
		provinces: reference.filter((a) => a.kind === 'province').length
	};
}
