import { sql } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db/client';
import { calls, customers, sites, technicians } from '../../src/lib/server/db/schema';
import { uuidv7 } from '../../src/lib/server/ids';

/** Test arrangement for the board: one customer site, some technicians and calls, inserted directly. */
export async function boardFixtures(db: Db, counts = { technicians: 3, calls: 6 }) {
	const customerId = uuidv7();
	const siteId = uuidv7();
	await db.insert(customers).values({ id: customerId, code: `T${customerId.slice(-6)}`, businessName: 'Cliente di prova Srl', address: 'Via Roma 1' });
	await db.insert(sites).values({
		id: siteId,
		customerId,
		name: 'Sede',
		address: 'Via Roma 1',
		comuneIstat: '015146',
		comuneName: 'Milano',
		province: 'MI',
		regionCode: '03',
		location: { lng: 9.19, lat: 45.4642 }
	});
	const techIds: string[] = [];
	for (let i = 0; i < counts.technicians; i++) {
		const id = uuidv7();
		techIds.push(id);
		await db.insert(technicians).values({ id, code: `BT${i}-${id.slice(-4)}`, name: `Tecnico ${i}`, homeBase: { lng: 9.2, lat: 45.47 } });
	}
	const callIds: string[] = [];
	for (let i = 0; i < counts.calls; i++) {
		const id = uuidv7();
		callIds.push(id);
		const seq = Number(BigInt('0x' + id.replace(/-/g, '').slice(-7)) % 900000n) + i;
		await db.insert(calls).values({
			id,
			number: `2026/${String(seq).padStart(6, '0')}`,
			year: 2026,
			seq,
			customerId,
			siteId,
			priority: 'medium',
			type: 'breakdown',
			description: `Guasto ${i}`
		});
	}
	return { customerId, siteId, techIds, callIds };
}

export async function setCallStatus(db: Db, callId: string, status: 'cancelled' | 'completed' | 'new'): Promise<void> {
	await db.execute(sql`update calls set status = ${status} where id = ${callId}`);
}

export async function callStatus(db: Db, callId: string): Promise<string> {
	const rows = await db.execute<{ status: string }>(sql`select status from calls where id = ${callId}`);
	return rows[0].status;
}

export async function deactivateTechnician(db: Db, id: string): Promise<void> {
	await db.execute(sql`update technicians set active = false where id = ${id}`);
}
