import { eq, sql } from 'drizzle-orm';
import { serialKey } from '../../src/lib/domain/serial';
import type { Database } from '../../src/lib/server/db/client';
import { assignments, calls, contacts, customers, equipment, equipmentModels, meterReadings, meters, sites, technicians } from '../../src/lib/server/db/schema';
import { uuidv7 } from '../../src/lib/server/ids';
import { createTestUser } from '../support/users';

/** 1x1 PNG (signatures) and a tiny baseline JPEG (photos): valid images, a few bytes each. */
export const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
export const JPEG =
	'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=';

/** Test arrangement: a customer with a site contact, a unit with a mono meter, technicians with logins. */
export async function reportWorld(db: Database) {
	const customerId = uuidv7();
	const siteId = uuidv7();
	const modelId = uuidv7();
	const equipmentId = uuidv7();
	const meterId = uuidv7();
	const serial = `RP-${uuidv7().slice(-8)}`;
	await db.insert(customers).values({ id: customerId, code: `R${uuidv7().slice(-8)}`, businessName: 'Rapporti Srl', vatNumber: null, address: 'Via Verdi 3' });
	await db.insert(sites).values({ id: siteId, customerId, name: 'Sede di Milano', address: 'Via Verdi 3', cap: '20121', comuneIstat: '015146', comuneName: 'Milano', province: 'MI', regionCode: '03', location: { lng: 9.19, lat: 45.46 } });
	await db.insert(contacts).values({ id: uuidv7(), customerId, siteId, name: 'Anna Rossi', email: 'anna.rossi@rapporti.test' });
	await db.insert(equipmentModels).values({ id: modelId, brand: 'Kyocera', model: `TASKalfa ${uuidv7().slice(-5)}`, category: 'copier_colour', meterTypes: ['mono'] });
	await db.insert(equipment).values({ id: equipmentId, modelId, brand: 'Kyocera', serialNumber: serial, serialKey: serialKey(serial), siteId });
	await db.insert(meters).values({ id: meterId, equipmentId, meterType: 'mono', maxValue: 9_999_999 });
	await db.insert(meterReadings).values({ id: uuidv7(), meterId, value: 10_000, readAt: new Date(Date.now() - 30 * 86_400_000), source: 'technician', kind: 'normal', status: 'accepted', validForBilling: true });
	const techs = [];
	for (const name of ['Mario Bianchi', 'Luca Verdi']) {
		const login = await createTestUser(db, 'technician');
		const id = uuidv7();
		await db.insert(technicians).values({ id, userId: login.id, code: `RT-${id.slice(-6)}`, name, homeBase: { lng: 9.2, lat: 45.47 } });
		techs.push({ ...login, technicianId: id, name });
	}
	let seq = Number(BigInt('0x' + uuidv7().replace(/-/g, '').slice(-7)) % 800000n);
	/** A call on site, assigned (board read model) to the given technician. */
	async function callOnSite(tech: { technicianId: string }, status: 'on_site' | 'travelling' | 'confirmed' = 'on_site') {
		const id = uuidv7();
		seq += 1;
		const number = `2026/${String(seq).padStart(6, '0')}`;
		await db.insert(calls).values({ id, number, year: 2026, seq, customerId, siteId, equipmentId, priority: 'medium', type: 'breakdown', description: 'Inceppamento carta', status });
		const start = new Date(Date.now() - 2 * 3600_000);
		await db.insert(assignments).values({ id: uuidv7(), day: start.toISOString().slice(0, 10), callId: id, technicianId: tech.technicianId, startsAt: start, endsAt: new Date(start.getTime() + 3600_000), status: 'confirmed' });
		return { id, number };
	}
	return { customerId, siteId, equipmentId, meterId, serial, techs, callOnSite };
}

export function reportBody(overrides: Record<string, unknown> = {}) {
	const arrived = new Date(Date.now() - 90 * 60_000);
	return {
		clientId: `report-${uuidv7()}`,
		deviceAt: new Date().toISOString(),
		arrivedAt: arrived.toISOString(),
		departedAt: new Date(arrived.getTime() + 60 * 60_000).toISOString(),
		workDone: 'Sostituito il rullo di alimentazione e pulito il percorso carta.',
		outcome: 'resolved',
		labourMinutes: 60,
		travelMinutes: 25,
		parts: [{ description: 'Rullo alimentazione', quantity: 1, code: 'KY-302' }],
		readings: [{ meterType: 'mono', value: 12_345 }],
		photos: [JPEG],
		signerName: 'Anna Rossi',
		customerSignature: PNG,
		technicianSignature: PNG,
		...overrides
	};
}

export async function callStatusOf(db: Database, id: string): Promise<string> {
	const [row] = await db.select({ status: calls.status }).from(calls).where(eq(calls.id, id));
	return row.status;
}

export async function countWhere(db: Database, table: 'field_reports' | 'meter_readings' | 'call_status_history', column: string, value: string): Promise<number> {
	const rows = await db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)} where ${sql.identifier(column)} = ${value}`);
	return rows[0].n;
}
