import { z } from 'zod';
import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { db } from '../db/client';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { uuidv7 } from '../ids';
import { category, createModelInput, parse, requireUuid, updateModelInput } from './equipment-input';
import * as queries from './models.queries';
import { isUniqueViolation } from '../db/pg-errors';

export type EquipmentModel = Awaited<ReturnType<typeof queries.listModels>>[number];

export async function listModels(actor: Actor, filter: { q?: unknown; category?: unknown } = {}) {
	authorize(actor, 'equipment.read');
	const data = parse(
		z.object({
			q: z.string().trim().max(100).optional(),
			category: z.preprocess((v) => (v === '' ? undefined : v), category.optional())
		}),
		{ q: filter.q ?? undefined, category: filter.category ?? undefined }
	);
	return queries.listModels(db(), { q: data.q || undefined, category: data.category });
}

export async function getModel(actor: Actor, id: string) {
	authorize(actor, 'equipment.read');
	const model = await queries.findModelById(db(), requireUuid(id, 'model'));
	if (!model) throw new NotFoundError('model not found');
	return { ...model, units: await queries.countUnitsOfModel(db(), id) };
}

export async function listMeterTypes(actor: Actor) {
	authorize(actor, 'equipment.read');
	return queries.listMeterTypes(db());
}

async function checkMeterTypes(database: Parameters<typeof queries.existingMeterTypeCodes>[0], codes: string[]): Promise<string[]> {
	const unique = [...new Set(codes)];
	const known = await queries.existingMeterTypeCodes(database, unique);
	const unknown = unique.filter((c) => !known.has(c));
	if (unknown.length) throw new ValidationError('meterTypes', `unknown meter type: ${unknown.join(', ')}`);
	return unique;
}

export async function createModel(actor: Actor, input: unknown, ip: string | null = null) {
	authorize(actor, 'equipment.write');
	const data = parse(createModelInput, input);
	const id = uuidv7();
	try {
		await db().transaction(async (tx) => {
			const meterTypes = await checkMeterTypes(tx, data.meterTypes);
			if (await queries.findModelByBrandModel(tx, data.brand, data.model)) throw new ConflictError('model', 'this brand already has this model');
			const brand = (await queries.findBrandSpelling(tx, data.brand)) ?? data.brand;
			await queries.insertModel(tx, { id, brand, model: data.model, family: data.family ?? null, category: data.category, meterTypes });
			await audit({ action: 'equipment-model.create', actorUserId: actor.id, subject: id, ip, details: { brand, model: data.model } }, tx);
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw new ConflictError('model', 'this brand already has this model');
		throw error;
	}
	return getModel(actor, id);
}

export async function updateModel(actor: Actor, id: string, input: unknown, ip: string | null = null) {
	authorize(actor, 'equipment.write');
	requireUuid(id, 'model');
	const data = parse(updateModelInput, input);
	try {
		await db().transaction(async (tx) => {
			const existing = await queries.findModelById(tx, id);
			if (!existing) throw new NotFoundError('model not found');
			const units = await queries.countUnitsOfModel(tx, id);
			const brand = data.brand ? ((await queries.findBrandSpelling(tx, data.brand, id)) ?? data.brand) : existing.brand;
			const model = data.model ?? existing.model;
			if (brand.toLowerCase() !== existing.brand.toLowerCase() || model.toLowerCase() !== existing.model.toLowerCase()) {
				const clash = await queries.findModelByBrandModel(tx, brand, model);
				if (clash && clash.id !== id) throw new ConflictError('model', 'this brand already has this model');
			}
			if (data.category && data.category !== existing.category && units > 0) {
				// Units carry attributes defined for the old category.
				throw new ConflictError('category', `the model has ${units} unit(s): its category cannot change`);
			}
			let meterTypes: string[] | undefined;
			if (data.meterTypes) {
				meterTypes = await checkMeterTypes(tx, data.meterTypes);
				const removed = existing.meterTypes.filter((t) => !meterTypes!.includes(t));
				if (removed.length && units > 0) {
					throw new ConflictError('meterTypes', `the model has ${units} unit(s) whose meters keep their readings: ${removed.join(', ')} cannot be removed`);
				}
				await queries.addMetersToModelUnits(tx, id, meterTypes.filter((t) => !existing.meterTypes.includes(t)));
			}
			await queries.updateModel(tx, id, {
				brand: data.brand ? brand : undefined,
				model: data.model,
				family: data.family,
				category: data.category,
				meterTypes
			});
			if (brand !== existing.brand) await queries.setBrandOfModelUnits(tx, id, brand);
			await audit({ action: 'equipment-model.update', actorUserId: actor.id, subject: id, ip, details: { ...data } }, tx);
		});
	} catch (error) {
		if (isUniqueViolation(error, 'equipment_brand_serial_key_uq')) {
			throw new ConflictError('brand', 'a unit of this model has a serial already used by another unit of the new brand');
		}
		if (isUniqueViolation(error)) throw new ConflictError('model', 'this brand already has this model');
		throw error;
	}
	return getModel(actor, id);
}

export async function deleteModel(actor: Actor, id: string, ip: string | null = null) {
	authorize(actor, 'equipment.write');
	requireUuid(id, 'model');
	await db().transaction(async (tx) => {
		if (!(await queries.findModelById(tx, id))) throw new NotFoundError('model not found');
		const units = await queries.countUnitsOfModel(tx, id);
		if (units > 0) throw new ConflictError('id', `the model has ${units} unit(s)`);
		await queries.deleteModel(tx, id);
		await audit({ action: 'equipment-model.delete', actorUserId: actor.id, subject: id, ip }, tx);
	});
}
