// Test arrangement for the contracts tests: rows inserted directly (customers, sites, units and
// SLA levels belong to other modules; here they are only the stage the contracts play on).
import type { Db } from '../../src/lib/server/db/client';
import { businessCalendars, customers, equipment, equipmentModels, sites, slaLevels, slaTargets } from '../../src/lib/server/db/schema';
import { uuidv7 } from '../../src/lib/server/ids';
import { serialKey } from '../../src/lib/domain/serial';

export type Stage = Awaited<ReturnType<typeof arrangeStage>>;

let counter = 0;
function tag(): string {
	return `${Date.now().toString(36)}${(counter++).toString(36)}`.toUpperCase();
}

export async function insertCustomer(db: Db, name = 'Studio Rossi Srl') {
	const id = uuidv7();
	const siteId = uuidv7();
	await db.insert(customers).values({ id, code: `T${tag()}`, businessName: name, address: 'Via Roma 1', province: 'MI' });
	await db.insert(sites).values({
		id: siteId,
		customerId: id,
		name: 'Sede',
		address: 'Via Roma 1',
		comuneIstat: '015146',
		comuneName: 'Milano',
		province: 'MI',
		regionCode: '03',
		location: { lng: 9.19, lat: 45.46 }
	});
	return { id, siteId };
}

export async function insertSlaLevel(db: Db, code = `SLA${tag()}`) {
	const calendarId = uuidv7();
	const id = uuidv7();
	await db.insert(businessCalendars).values({
		id: calendarId,
		name: `Cal ${code}`,
		weeklyHours: { '1': [['08:30', '12:30'], ['14:00', '18:00']], '2': [], '3': [], '4': [], '5': [], '6': [], '7': [] }
	});
	await db.insert(slaLevels).values({ id, code, name: `Livello ${code}`, calendarId });
	await db.insert(slaTargets).values({ slaLevelId: id, priority: 'high', acknowledgeMinutes: 60, onsiteMinutes: 240, resolutionMinutes: 960 });
	return { id, code, name: `Livello ${code}` };
}

export async function insertUnit(db: Db, siteId: string, options: { serial?: string; brand?: string; warrantyEnd?: string | null; installDate?: string | null } = {}) {
	const brand = options.brand ?? 'Kyocera';
	const modelId = uuidv7();
	await db.insert(equipmentModels).values({ id: modelId, brand, model: `TASKalfa ${tag()}`, category: 'copier_mono', meterTypes: ['mono'] });
	const id = uuidv7();
	const serial = options.serial ?? `KY-${tag()}`;
	await db.insert(equipment).values({
		id,
		modelId,
		brand,
		serialNumber: serial,
		serialKey: serialKey(serial),
		siteId,
		installDate: options.installDate ?? null,
		warrantyEnd: options.warrantyEnd ?? null
	});
	return { id, serial, brand };
}

export async function arrangeStage(db: Db) {
	const customer = await insertCustomer(db);
	const other = await insertCustomer(db, 'Ufficio Bianchi Spa');
	const sla = await insertSlaLevel(db);
	return { customer, other, sla };
}
