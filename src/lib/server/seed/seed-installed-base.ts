/**
 * Writes the demo installed base (models, units, meters, readings, calendars, SLA levels,
 * contracts) inside the demo seed's transaction. Reference rows are matched by their natural
 * keys (brand and model, calendar name, SLA code, customer code) so an admin's earlier rows are
 * reused; units and contracts the database already has, or could not take, are skipped with
 * everything that hangs off them.
 */
import type { Db } from '../db/client';
import { PRIORITIES } from '../db/schema';
import { ATTRIBUTES, CALENDARS, MODELS, SLA_LEVELS, modelKey } from './demo-catalogue';
import { planContracts } from './demo-contracts';
import type { DemoCalendar } from './demo-dates';
import { planInstalledBase } from './demo-installed-base';
import type { DemoPlan } from './demo-plan';
import {
	calendarIdsByName,
	existingContractIds,
	existingEquipmentIds,
	existingSiteIds,
	hasDefaultSlaLevel,
	insertAttributeDefinitions,
	insertBusinessCalendars,
	insertContractEquipment,
	insertContractTerms,
	insertContracts,
	insertEquipment,
	insertEquipmentModels,
	insertMeterReadings,
	insertMeterTermTiers,
	insertMeterTerms,
	insertMeters,
	insertSiteHistory,
	insertSlaLevels,
	insertSlaTargets,
	modelIdsByKey,
	slaLevelIdsByCode
} from './installed-base.queries';
import { demoUuid } from './random';
import { customerIdsByCode, userIdsByEmail } from './seed.queries';

/** Reference rows every later step points at: attributes, models, calendars, SLA levels. */
async function seedReference(tx: Db): Promise<{ modelIds: Map<string, string>; slaIds: Map<string, string> }> {
	await insertAttributeDefinitions(
		tx,
		ATTRIBUTES.map((a, i) => ({
			id: demoUuid(`attribute:${a.category}:${a.code}`, 20_000 + i),
			category: a.category,
			code: a.code,
			labelIt: a.labelIt,
			labelEn: a.labelEn,
			type: a.type,
			required: false,
			minValue: a.minValue ?? null,
			maxValue: a.maxValue ?? null,
			choices: a.choices ?? null,
			unit: a.unit ?? null,
			sortOrder: i
		}))
	);
	await insertEquipmentModels(
		tx,
		MODELS.map((m, i) => ({
			id: demoUuid(`model:${modelKey(m)}`, 20_100 + i),
			brand: m.brand,
			model: m.model,
			family: m.family,
			category: m.category,
			meterTypes: m.meters
		}))
	);
	await insertBusinessCalendars(tx, CALENDARS.map((c, i) => ({ id: demoUuid(`calendar:${c.name}`, 20_300 + i), ...c })));
	const calendarIds = await calendarIdsByName(tx, CALENDARS.map((c) => c.name));
	// Exactly one default level: BASE, unless an admin already chose another.
	const defaultTaken = await hasDefaultSlaLevel(tx);
	await insertSlaLevels(
		tx,
		SLA_LEVELS.map((l, i) => ({
			id: demoUuid(`sla:${l.code}`, 20_400 + i),
			code: l.code,
			name: l.name,
			calendarId: calendarIds.get(l.calendar)!,
			isDefault: l.isDefault && !defaultTaken
		}))
	);
	const slaIds = await slaLevelIdsByCode(tx, SLA_LEVELS.map((l) => l.code));
	await insertSlaTargets(
		tx,
		SLA_LEVELS.flatMap((l) =>
			PRIORITIES.map((priority) => {
				const [acknowledgeMinutes, onsiteMinutes, resolutionMinutes] = l.targets[priority];
				return { slaLevelId: slaIds.get(l.code)!, priority, acknowledgeMinutes, onsiteMinutes, resolutionMinutes };
			})
		)
	);
	return { modelIds: await modelIdsByKey(tx), slaIds };
}

export async function seedInstalledBase(tx: Db, plan: DemoPlan, cal: DemoCalendar): Promise<void> {
	const base = planInstalledBase(plan, cal);
	const deals = planContracts(plan, cal);
	const { modelIds, slaIds } = await seedReference(tx);

	const emails = [...new Set([...base.readings.flatMap((r) => (r.enteredByEmail ? [r.enteredByEmail] : [])), ...deals.contracts.map((c) => c.createdByEmail)])];
	const userIds = await userIdsByEmail(tx, emails);

	const siteIds = await existingSiteIds(tx, [...new Set(base.history.map((h) => h.siteId))]);
	await insertEquipment(
		tx,
		base.equipment.filter((e) => siteIds.has(e.siteId)).map(({ modelKey: key, ...e }) => ({ ...e, modelId: modelIds.get(key)! }))
	);
	const unitIds = await existingEquipmentIds(tx, base.equipment.map((e) => e.id));
	await insertSiteHistory(tx, base.history.filter((h) => unitIds.has(h.equipmentId) && siteIds.has(h.siteId)));
	await insertMeters(tx, base.meters.filter((m) => unitIds.has(m.equipmentId)));
	await insertMeterReadings(
		tx,
		base.readings
			.filter((r) => unitIds.has(r.equipmentId))
			.map(({ enteredByEmail, equipmentId: _unit, ...r }) => ({ ...r, enteredBy: enteredByEmail ? (userIds.get(enteredByEmail) ?? null) : null }))
	);

	const customerIds = await customerIdsByCode(tx, [...new Set(deals.contracts.map((c) => c.customerCode))]);
	await insertContracts(
		tx,
		deals.contracts
			.filter((c) => customerIds.has(c.customerCode))
			.map(({ code: _code, customerCode, slaCode, createdByEmail, ...c }) => ({
				...c,
				customerId: customerIds.get(customerCode)!,
				slaLevelId: slaIds.get(slaCode)!,
				createdBy: userIds.get(createdByEmail) ?? null
			}))
	);
	const contractIds = await existingContractIds(tx, deals.contracts.map((c) => c.id));
	await insertContractTerms(tx, deals.terms.filter((t) => contractIds.has(t.contractId)));
	await insertContractEquipment(tx, deals.coverage.filter((c) => contractIds.has(c.contractId) && unitIds.has(c.equipmentId)));
	const meterTerms = deals.meterTerms.filter((m) => contractIds.has(m.contractId));
	await insertMeterTerms(tx, meterTerms);
	const termIds = new Set(meterTerms.map((m) => m.id));
	await insertMeterTermTiers(tx, deals.tiers.filter((t) => termIds.has(t.meterTermId)));
}
