import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contracts, contractTerms, customers } from '../../src/lib/server/db/schema';
import { uuidv7 } from '../../src/lib/server/ids';
import { everyDaySlaLevel } from '../support/sla-fixtures';
import { startServer, type ServerProcess } from '../support/server-process';
import { createTestUser, loginEach, oneUserPerRole } from '../support/users';
import { validateFatturaPa } from '../support/fatturapa-xsd';
import { freshDatabase, type FreshDatabase } from './support/database';
import { callerFor, expectStatus } from '../support/http-calls';

let fresh: FreshDatabase;
let server: ServerProcess;
type Role = 'admin' | 'dispatcher' | 'supervisor' | 'technician' | 'backoffice';
const cookies = {} as Record<Role, string>;
let contractId: string;

beforeAll(async () => {
	fresh = await freshDatabase();
	const users = { ...(await oneUserPerRole(fresh.db)), backoffice: await createTestUser(fresh.db, 'backoffice') };
	const level = await everyDaySlaLevel(users.admin, 'SEMPRE', 'Sempre');
	// Customers and contracts belong to other modules: arranged directly.
	const customerId = uuidv7();
	contractId = uuidv7();
	await fresh.db.insert(customers).values({ id: customerId, code: 'C-FAT', businessName: 'Fatture Http Srl', fiscalCode: '01234567897', sdiCode: 'KRRH6B9', address: 'Via Roma 1', cap: '20121', comuneName: 'Milano', province: 'MI' });
	await fresh.db.insert(contracts).values({ id: contractId, number: 'HTTP/1', customerId, status: 'active', periodicity: 'monthly', billingTiming: 'advance', feePerPeriodCents: 25_000, slaLevelId: level.id });
	await fresh.db.insert(contractTerms).values({ id: uuidv7(), contractId, termNo: 1, startsOn: '2026-01-01', endsOn: '2030-12-31' });
	server = await startServer({ DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix });
	Object.assign(cookies, await loginEach(server.url, users));
});
afterAll(async () => {
	await server?.stop();
	await fresh?.close();
});

const call = callerFor(() => server.url, cookies);
const thisMonth = () => new Date().toISOString().slice(0, 8) + '01';

describe('billing over HTTP', () => {
	it('an admin sets the company up; the back office prepares, issues and downloads the FatturaPA file', async () => {
		await expectStatus(await call('backoffice', 'POST', '/api/invoices/prepare', {}), 400, 'companyProfile');
		const profile = { businessName: 'Quadro Http S.r.l.', vatNumber: '02745890166', address: 'Via Torino 21', cap: '20123', comuneName: 'Milano', province: 'MI', billingStartsOn: thisMonth() };
		await expectStatus(await call('admin', 'PUT', '/api/company-profile', { ...profile, vatNumber: '123' }), 400, 'vatNumber');
		await expectStatus(await call('backoffice', 'PUT', '/api/company-profile', profile), 403);
		expect((await expectStatus(await call('admin', 'PUT', '/api/company-profile', profile), 200)).profile).toMatchObject({ regimeFiscale: 'RF01', defaultVatRate: '22.00' });

		await expectStatus(await call('backoffice', 'POST', '/api/invoices/prepare', '{"today":'), 400, 'body');
		const run = await expectStatus(await call('backoffice', 'POST', '/api/invoices/prepare', { contractId }), 200);
		expect(run.invoices).toHaveLength(1);
		const id = run.invoices[0].id;
		const draft = await expectStatus(await call('supervisor', 'GET', `/api/invoices/${id}`), 200);
		expect(draft).toMatchObject({ status: 'draft', customerName: 'Fatture Http Srl', contractNumber: 'HTTP/1', taxableCents: 25_000, vatCents: 5_500, totalCents: 30_500, problems: [] });
		await expectStatus(await call('backoffice', 'GET', `/api/invoices/${id}/fatturapa.xml`), 409);

		await expectStatus(await call('backoffice', 'POST', `/api/invoices/${id}/issue`, { issueDate: '2999-01-01' }), 400, 'issueDate');
		const issued = await expectStatus(await call('backoffice', 'POST', `/api/invoices/${id}/issue`, {}), 200);
		expect(issued.number).toMatch(/^\d{4}\/000001$/);
		const res = await call('supervisor', 'GET', `/api/invoices/${id}/fatturapa.xml`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('application/xml');
		expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="IT02745890166_\w{5}\.xml"/);
		expect(await validateFatturaPa(await res.text())).toEqual([]);

		const list = await expectStatus(await call('supervisor', 'GET', '/api/invoices?status=issued'), 200);
		expect(list).toMatchObject({ total: 1, items: [{ id, number: issued.number }] });
		await expectStatus(await call('backoffice', 'GET', '/api/invoices?year=26'), 400, 'year');
		await expectStatus(await call('backoffice', 'DELETE', `/api/invoices/${id}`), 409);
		await expectStatus(await call('backoffice', 'GET', '/api/invoices/not-an-id'), 404);
	});

	it('a dispatcher and a technician get 403 everywhere; a supervisor only reads', async () => {
		const some = uuidv7();
		for (const role of ['dispatcher', 'technician'] as const) {
			await expectStatus(await call(role, 'GET', '/api/invoices'), 403);
			await expectStatus(await call(role, 'POST', '/api/invoices/prepare', {}), 403);
			await expectStatus(await call(role, 'GET', `/api/invoices/${some}`), 403);
			await expectStatus(await call(role, 'POST', `/api/invoices/${some}/issue`, {}), 403);
			await expectStatus(await call(role, 'GET', `/api/invoices/${some}/fatturapa.xml`), 403);
			await expectStatus(await call(role, 'GET', '/api/company-profile'), 403);
		}
		await expectStatus(await call('supervisor', 'POST', '/api/invoices/prepare', {}), 403);
		await expectStatus(await call('supervisor', 'DELETE', `/api/invoices/${some}`), 403);
		await expectStatus(await call('supervisor', 'PUT', '/api/company-profile', {}), 403);
	});
});
