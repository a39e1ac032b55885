import { z } from 'zod';
import type { AttributeDefinition } from '../../domain/equipment-attributes';
import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { db, type Db } from '../db/client';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { uuidv7 } from '../ids';
import * as queries from './attributes.queries';
import { category, createDefinitionInput, definitionProblems, parse, requireUuid, updateDefinitionInput } from './equipment-input';
import type { Category } from './models.queries';
import { isUniqueViolation } from '../db/pg-errors';

export type Definition = queries.DefinitionRow;

export async function listDefinitions(actor: Actor, filter: { category?: unknown } = {}) {
	authorize(actor, 'equipment.read');
	const data = parse(z.object({ category: z.preprocess((v) => (v === '' || v === null ? undefined : v), category.optional()) }), filter);
	return queries.listDefinitions(db(), data.category);
}

export async function getDefinition(actor: Actor, id: string) {
	authorize(actor, 'equipment.read');
	const row = await queries.findDefinitionById(db(), requireUuid(id, 'attribute definition'));
	if (!row) throw new NotFoundError('attribute definition not found');
	return row;
}

/** The definitions as the pure validator wants them. */
export async function definitionsFor(database: Db, cat: Category): Promise<AttributeDefinition[]> {
	return (await queries.listDefinitions(database, cat)).map(toDomain);
}

export function toDomain(row: Definition): AttributeDefinition {
	return { code: row.code, type: row.type, required: row.required, minValue: row.minValue, maxValue: row.maxValue, choices: row.choices };
}

function numeric(value: number | null | undefined): string | null | undefined {
	return value === undefined ? undefined : value === null ? null : String(value);
}

export async function createDefinition(actor: Actor, input: unknown, ip: string | null = null) {
	authorize(actor, 'settings.manage');
	const data = parse(createDefinitionInput, input);
	const id = uuidv7();
	try {
		await db().transaction(async (tx) => {
			if (await queries.findDefinitionByCode(tx, data.category, data.code)) throw new ConflictError('code', 'this category already has an attribute with this code');
			await queries.insertDefinition(tx, {
				id,
				category: data.category,
				code: data.code,
				labelIt: data.labelIt,
				labelEn: data.labelEn,
				type: data.type,
				required: data.required,
				minValue: numeric(data.minValue) ?? null,
				maxValue: numeric(data.maxValue) ?? null,
				choices: data.type === 'choice' ? (data.choices ?? null) : null,
				unit: data.unit ?? null,
				sortOrder: data.sortOrder
			});
			await audit({ action: 'attribute-definition.create', actorUserId: actor.id, subject: id, ip, details: { category: data.category, code: data.code } }, tx);
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw new ConflictError('code', 'this category already has an attribute with this code');
		throw error;
	}
	return getDefinition(actor, id);
}

/**
 * Code and category never change (units store values under the code). A change of type or
 * bounds applies to new edits; existing values are checked again the next time a unit is saved.
 */
export async function updateDefinition(actor: Actor, id: string, input: unknown, ip: string | null = null) {
	authorize(actor, 'settings.manage');
	requireUuid(id, 'attribute definition');
	const data = parse(updateDefinitionInput, input);
	await db().transaction(async (tx) => {
		const existing = await queries.findDefinitionById(tx, id);
		if (!existing) throw new NotFoundError('attribute definition not found');
		const merged = {
			type: data.type ?? existing.type,
			minValue: data.minValue !== undefined ? data.minValue : existing.minValue === null ? null : Number(existing.minValue),
			maxValue: data.maxValue !== undefined ? data.maxValue : existing.maxValue === null ? null : Number(existing.maxValue),
			choices: data.choices !== undefined ? data.choices : existing.choices
		};
		const problem = definitionProblems(merged)[0];
		if (problem) throw new ValidationError(problem.field, problem.message);
		await queries.updateDefinition(tx, id, {
			labelIt: data.labelIt,
			labelEn: data.labelEn,
			type: data.type,
			required: data.required,
			minValue: numeric(data.minValue),
			maxValue: numeric(data.maxValue),
			choices: merged.type === 'choice' ? data.choices : data.type !== undefined ? null : undefined,
			unit: data.unit,
			sortOrder: data.sortOrder
		});
		await audit({ action: 'attribute-definition.update', actorUserId: actor.id, subject: id, ip, details: { ...data } }, tx);
	});
	return getDefinition(actor, id);
}

/** Refused while units hold a value for it: deleting would silently drop their data. */
export async function deleteDefinition(actor: Actor, id: string, ip: string | null = null) {
	authorize(actor, 'settings.manage');
	requireUuid(id, 'attribute definition');
	await db().transaction(async (tx) => {
		const existing = await queries.findDefinitionById(tx, id);
		if (!existing) throw new NotFoundError('attribute definition not found');
		const used = await queries.countUnitsWithAttribute(tx, existing.category, existing.code);
		if (used > 0) throw new ConflictError('id', `${used} unit(s) have a value for this attribute`);
		await queries.deleteDefinition(tx, id);
		await audit({ action: 'attribute-definition.delete', actorUserId: actor.id, subject: id, ip, details: { category: existing.category, code: existing.code } }, tx);
	});
}
