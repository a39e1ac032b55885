// What an open wall screen (or office map) hears without waiting for its 60 s resync: a call
// taken in charge (the acknowledge due time met, status unchanged), and the open calls of a
// customer whose "unpaid" flag a receivables write just turned on or off (API and CSV import).
import { io as ioClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitaIvaCheckDigit } from '../../src/lib/domain/italian-tax-ids';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/realtime/events';
import type { Actor } from '../../src/lib/server/auth/actor';
import { acknowledge, changeStatus, createCall } from '../../src/lib/server/calls/calls.service';
import { createCustomer } from '../../src/lib/server/customers/customers.service';
import { createSite } from '../../src/lib/server/customers/sites.service';
import { importReceivables } from '../../src/lib/server/receivables/import.service';
import { replaceReceivables } from '../../src/lib/server/receivables/receivables.service';
import { createWallScreen } from '../../src/lib/server/wall/wall.service';
import { waitFor } from '../support/realtime-clients';
import { startServer, type ServerProcess } from '../support/server-process';
import { createTestUser } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';
import { everyDaySlaLevel } from '../support/sla-fixtures';

let fresh: FreshDatabase;
let server: ServerProcess;
let admin: Actor;
let dispatcher: Actor;
let socket: Socket<ServerToClientEvents, ClientToServerEvents>;
const changed: Array<{ id: string; status: string }> = [];
const planned: string[][] = [];
type Place = { customerId: string; siteId: string; code: string };
const places: Place[] = [];

beforeAll(async () => {
	fresh = await freshDatabase();
	admin = await createTestUser(fresh.db, 'admin');
	dispatcher = await createTestUser(fresh.db, 'dispatcher');
	await everyDaySlaLevel(admin, 'WALL', 'Schermo');
	let n = 7_100_000_001;
	for (const name of ['Pagatore Srl', 'Ritardatario Srl']) {
		const first10 = String(n++).padStart(10, '0');
		const vatNumber = first10 + partitaIvaCheckDigit(first10);
		const customer = await createCustomer(dispatcher, { businessName: name, address: 'Via Roma 1', sdiCode: 'ABCDEFG', vatNumber, comuneIstat: '015146' });
		const site = await createSite(dispatcher, customer.id, { name: 'Sede', address: 'Via Roma 1', comuneIstat: '015146', location: { lat: 45.4642, lng: 9.19 } });
		places.push({ customerId: customer.id, siteId: site.id, code: customer.code });
	}
	server = await startServer({ DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix });
	const { token } = await createWallScreen(admin, { name: 'TV eventi' });
	socket = ioClient(server.url + '/live', { path: '/socket.io', transports: ['websocket'], query: { wall: token }, reconnection: false, forceNew: true });
	socket.on('call:changed', (c) => changed.push({ id: c.id, status: c.status }));
	socket.on('call:planned', ({ ids }) => planned.push([...ids].sort()));
	await new Promise<void>((resolve, reject) => {
		socket.once('session:ready', () => resolve());
		socket.once('connect_error', reject);
	});
});
afterAll(async () => {
	socket?.close();
	await server?.stop();
	await fresh?.close();
});

const newCall = (place: Place, description: string) => createCall(dispatcher, { customerId: place.customerId, siteId: place.siteId, priority: 'medium', type: 'breakdown', description, estimatedMinutes: 60 });

/** Any announcement sent before this marker call's has been delivered by the time it arrives. */
async function settled(): Promise<void> {
	const marker = await newCall(places[0], 'Segnaposto');
	await waitFor(() => changed.some((c) => c.id === marker.id), 5_000, 'the marker');
}

describe('live events for maps and wall screens', () => {
	it('taking a call in charge is announced once, with its unchanged status', async () => {
		const call = await newCall(places[0], 'Da prendere in carico');
		await waitFor(() => changed.some((c) => c.id === call.id), 5_000, 'the created call');
		changed.length = 0;

		expect((await acknowledge(dispatcher, call.id)).first).toBe(true);
		await waitFor(() => changed.some((c) => c.id === call.id), 5_000, 'the acknowledgement');
		expect(changed.filter((c) => c.id === call.id)).toEqual([{ id: call.id, status: 'new' }]);

		// Again: nothing changes, nothing is announced.
		expect((await acknowledge(dispatcher, call.id)).first).toBe(false);
		await settled();
		expect(changed.filter((c) => c.id === call.id)).toHaveLength(1);
	});

	it('a receivables write announces the open calls of customers whose flag changed, and only those', async () => {
		const [payer, late] = places;
		const lateCalls = [await newCall(late, 'Cliente in ritardo 1'), await newCall(late, 'Cliente in ritardo 2')];
		const closed = await newCall(late, 'Annullata');
		await changeStatus(dispatcher, closed.id, { status: 'cancelled', reason: 'doppione' });
		await newCall(payer, 'Cliente in regola');
		await settled();
		planned.length = 0;
		const overdue = (customer: string, documentNumber: string) => ({ customer, documentNumber, documentDate: '2020-01-10', dueDate: '2020-02-10', amountCents: 5000 });
		const expected = lateCalls.map((c) => c.id).sort();

		// The API: an overdue item for the late payer turns its flag on; its open calls are announced.
		await replaceReceivables({ kind: 'user', actor: admin }, { source: 'erp', items: [overdue(late.customerId, 'FT 1')] });
		await waitFor(() => planned.length === 1, 5_000, 'the announcement');
		expect(planned[0]).toEqual(expected);

		// The same again (and a paid item for the other customer): no flag changes, no announcement.
		await replaceReceivables({ kind: 'user', actor: admin }, { source: 'erp', items: [overdue(late.customerId, 'FT 1'), { ...overdue(payer.customerId, 'FT 2'), paidCents: 5000 }] });
		await settled();
		expect(planned).toHaveLength(1);

		// The CSV import: a second source for the same customer changes nothing either...
		const csv = (...rows: string[]) => ['Cliente;Numero documento;Data documento;Scadenza;Importo;Pagato', ...rows].join('\r\n') + '\r\n';
		await importReceivables(admin, csv(`${late.code};FT 9/2020;10/01/2020;10/02/2020;50,00;0`), { dryRun: false });
		await settled();
		expect(planned).toHaveLength(1);

		// ...until both sources drop it: the flag goes off, announced once.
		await replaceReceivables({ kind: 'user', actor: admin }, { source: 'erp', items: [] });
		await settled();
		expect(planned).toHaveLength(1);
		const report = await importReceivables(admin, csv(`${payer.code};FT 3/2026;10/01/2026;10/12/2099;10,00;0`), { dryRun: false });
		expect(report.problems).toEqual([]);
		await waitFor(() => planned.length === 2, 5_000, 'the flag going off');
		expect(planned[1]).toEqual(expected);
	});
});
