// CSV imports of customers and sites: every bad row reported, nothing half-imported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitaIvaCheckDigit } from '../../src/lib/domain/italian-tax-ids';
import type { Actor } from '../../src/lib/server/auth/actor';
import { listAudit } from '../../src/lib/server/auth/audit.queries';
import { createCustomer, getCustomer, listCustomers } from '../../src/lib/server/customers/customers.service';
import { importCustomers, importSites } from '../../src/lib/server/customers/import.service';
import { createSite, listSites } from '../../src/lib/server/customers/sites.service';
import { customers, sites } from '../../src/lib/server/db/schema';
import { ForbiddenError, ValidationError } from '../../src/lib/server/errors';
import { createTestUser } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

let fresh: FreshDatabase;
let dispatcher: Actor;
let supervisor: Actor;

function vat(n: number): string {
	const first10 = String(n).padStart(10, '0');
	return first10 + partitaIvaCheckDigit(first10);
}
const csv = (...lines: string[]) => '\uFEFF' + lines.join('\r\n') + '\r\n';
const summary = (problems: { line: number; field: string; code: string }[]) => problems.map((p) => `${p.line} ${p.field} ${p.code}`);

let existing: { id: string; code: string; vatNumber: string | null };

beforeAll(async () => {
	fresh = await freshDatabase();
	dispatcher = await createTestUser(fresh.db, 'dispatcher');
	supervisor = await createTestUser(fresh.db, 'supervisor');
	existing = await createCustomer(dispatcher, { businessName: 'Già Cliente Srl', address: 'Via Vecchia 1', vatNumber: vat(5_000_000_001), sdiCode: 'ABCDEFG', comuneIstat: '015146' });
	await createSite(dispatcher, existing.id, { name: 'Sede', address: 'Via Vecchia 1', comuneIstat: '015146' });
});
afterAll(async () => {
	await fresh?.close();
});

describe('customers import', () => {
	const header = 'Ragione sociale;Partita IVA;Codice fiscale;Codice SDI;PEC;Indirizzo;CAP;Comune;Provincia;Giorni pagamento;Attivo';

	it('a dry run lists every bad row with its line and field, and writes nothing; the real run refuses it too', async () => {
		const file = csv(
			header,
			`Alfa Srl;${vat(5_000_000_002)};;ABC1234;;Via Roma 1;;Milano;MI;60;sì`, // 2 ok
			`Beta Srl;01234567898;;ABC1234;;Via Po 2;;;;;`, // 3 bad check digit
			`;${vat(5_000_000_003)};;ABC1234;;Via Po 3;;Atlantide;ZZ;;`, // 4 no name, unknown comune
			`Gamma Srl;${vat(5_000_000_002)};;XYZ9876;;Via Po 4;;;;;`, // 5 same P.IVA as line 2
			`Delta Srl;${existing.vatNumber};;XYZ9876;;Via Po 5;;;;;`, // 6 P.IVA of an existing customer
			`Epsilon Srl;${vat(5_000_000_004)};;;;Via Po 6;;;;;`, // 7 neither SDI nor PEC
			`Zeta Srl;${vat(5_000_000_005)};;ABC1234;;Via Po 7;;Castro;;;`, // 8 two comuni named Castro
			`Eta Srl;${vat(5_000_000_006)};;ABC1234;;Via Po 8;2O12;;;90 giorni;forse`, // 9 CAP with a letter O, terms, active
			`Theta Srl;${vat(5_000_000_007)};;ABC1234;;Via Po 9;;Bergamo;BG;30;no` // 10 ok
		);
		const before = await fresh.db.$count(customers);
		const dry = await importCustomers(dispatcher, file, { dryRun: true });
		expect(dry).toMatchObject({ dryRun: true, rows: 9, written: 0 });
		expect(summary(dry.problems)).toEqual([
			'3 partita_iva invalid',
			'4 ragione_sociale invalid',
			'4 comune unknown_comune',
			'5 partita_iva duplicate_in_file',
			'6 partita_iva vat_taken',
			'7 codice_sdi sdi_or_pec_required',
			'8 provincia ambiguous_comune',
			'9 cap invalid',
			'9 giorni_pagamento invalid',
			'9 attivo invalid'
		]);
		expect(dry.problems.find((p) => p.line === 5)!.message).toBe('same partita IVA as line 2');
		expect(dry.problems.find((p) => p.line === 6)!.params).toMatchObject({ code: existing.code });
		expect(await fresh.db.$count(customers)).toBe(before);

		const real = await importCustomers(dispatcher, file, { dryRun: false });
		expect(real).toMatchObject({ dryRun: false, written: 0 });
		expect(real.problems).toHaveLength(10);
		expect(await fresh.db.$count(customers)).toBe(before);
	});

	it('reports missing and unknown columns on line 1', async () => {
		const report = await importCustomers(dispatcher, csv('ragione_sociale;partita_iva;colore', 'Alfa;;rosso'), { dryRun: true });
		expect(summary(report.problems)).toEqual(['1 colore unknown_column', '1 indirizzo missing_column', '2 partita_iva tax_id_required', '2 indirizzo invalid']);
	});

	it('imports a good file in one go: all rows, codes assigned, zeros Excel dropped restored, audited', async () => {
		const before = await fresh.db.$count(customers);
		const file = csv(
			'codice;ragione_sociale;partita_iva;codice_sdi;pec;indirizzo;cap;comune_istat;comune;provincia;email;telefono;giorni_pagamento;note;attivo',
			// Excel turned 00488410010 into 488410010 and 00184 into 184.
			`;Kappa Telecomunicazioni Spa;488410010;;kappa@pec.it;Corso Italia 41;184;58091;;;info@kappa.it;06 1234567;90;Cliente storico;sì`,
			`X-77;Lambda Srl;${vat(5_000_000_010)};LMB0001;;Via Garibaldi 2;;;Bergamo;BG;;;;;no`,
			`;Mu Condominio;;0000000;;Via Verdi 3;;;Forlì;FC;;;;;`
		);
		// The condominio has no P.IVA and, in this first file, no codice fiscale either.
		const report0 = await importCustomers(dispatcher, file, { dryRun: true });
		expect(summary(report0.problems)).toEqual(['4 partita_iva tax_id_required']);

		const good = csv(
			'codice;ragione_sociale;partita_iva;codice_fiscale;codice_sdi;pec;indirizzo;cap;comune_istat;comune;provincia;email;telefono;giorni_pagamento;note;attivo',
			`;Kappa Telecomunicazioni Spa;488410010;;;kappa@pec.it;Corso Italia 41;184;58091;;;info@kappa.it;06 1234567;90;Cliente storico;sì`,
			`X-77;Lambda Srl;${vat(5_000_000_010)};;LMB0001;;Via Garibaldi 2;;;Bergamo;BG;;;;;no`,
			`;Mu Condominio;;98765432103;0000000;;Via Verdi 3;;;Forlì;FC;;;;;`
		);
		const dry = await importCustomers(dispatcher, good, { dryRun: true });
		expect(dry).toEqual({ dryRun: true, rows: 3, written: 0, problems: [] });
		expect(await fresh.db.$count(customers)).toBe(before);

		const done = await importCustomers(dispatcher, good, { dryRun: false });
		expect(done).toEqual({ dryRun: false, rows: 3, written: 3, problems: [] });
		expect(await fresh.db.$count(customers)).toBe(before + 3);

		const kappa = (await listCustomers(dispatcher, { q: 'Kappa Tele' }, { page: 1, pageSize: 5, offset: 0 })).items[0];
		expect(kappa).toMatchObject({ vatNumber: '00488410010', cap: '00184', comuneIstat: '058091', comuneName: 'Roma', province: 'RM', paymentTermsDays: 90, active: true });
		expect(kappa.code).toMatch(/^C\d{4}$/);
		const lambda = (await listCustomers(dispatcher, { q: 'Lambda' }, { page: 1, pageSize: 5, offset: 0 })).items[0];
		expect(lambda).toMatchObject({ code: 'X-77', comuneName: 'Bergamo', cap: '24121', active: false });
		const mu = (await listCustomers(dispatcher, { q: 'Mu Condominio' }, { page: 1, pageSize: 5, offset: 0 })).items[0];
		expect(mu).toMatchObject({ vatNumber: null, fiscalCode: '98765432103', comuneName: 'Forlì' });
		expect((await listAudit(fresh.db, { action: 'customers.import' }))[0].details).toEqual({ rows: 3 });

		// Importing the same file again: every row now clashes with what was written.
		const again = await importCustomers(dispatcher, good, { dryRun: true });
		expect(summary(again.problems)).toEqual(['2 partita_iva vat_taken', '3 codice code_taken', '3 partita_iva vat_taken']);
	});

	it('refuses an unreadable or empty file with a 400 on the file, and users without customers.write', async () => {
		await expect(importCustomers(dispatcher, '', { dryRun: true })).rejects.toBeInstanceOf(ValidationError);
		await expect(importCustomers(dispatcher, 'a;b\n"unclosed;x\n', { dryRun: true })).rejects.toMatchObject({ field: 'file' });
		await expect(importCustomers(supervisor, csv('ragione_sociale;indirizzo', 'A;B'), { dryRun: true })).rejects.toBeInstanceOf(ForbiddenError);
		expect(summary((await importCustomers(dispatcher, csv('ragione_sociale;indirizzo'), { dryRun: true })).problems)).toEqual(['1 file empty_file']);
	});
});

describe('sites import', () => {
	const header = 'cliente;nome;indirizzo;cap;comune_istat;comune;provincia;lat;lng;note_accesso;orari;attivo';

	it('a dry run lists every bad row and writes nothing', async () => {
		const file = csv(
			header,
			`${existing.code};Magazzino;Via Nuova 1;;016024;;;;;Citofono 3;8-17;`, // 2 ok
			`C9999;Filiale;Via X 1;;016024;;;;;;;`, // 3 unknown customer
			`${existing.vatNumber};Deposito;Via X 2;;;Atlantide;ZZ;;;;;`, // 4 unknown comune
			`${existing.code};Ufficio;Via X 3;;015146;;;45,46;;;;`, // 5 lat without lng
			`${existing.code};Parigi;Via X 4;;015146;;;48,85;2,35;;;`, // 6 outside Italy
			`${existing.code};magazzino;Via X 5;;015146;;;;;;;`, // 7 same name as line 2
			`${existing.code};Sede;Via X 6;;015146;;;;;;;`, // 8 name of an existing site
			`;;Via X 7;;;;;;;;;` // 9 no customer, no name, no comune
		);
		const before = await fresh.db.$count(sites);
		const report = await importSites(dispatcher, file, { dryRun: true });
		expect(report).toMatchObject({ dryRun: true, rows: 8, written: 0 });
		expect(summary(report.problems)).toEqual([
			'3 cliente unknown_customer',
			'4 comune unknown_comune',
			'5 lng coordinates_pair',
			'6 lat invalid',
			'6 lng invalid',
			'7 nome duplicate_in_file',
			'8 nome site_name_taken',
			'9 cliente invalid',
			'9 nome invalid',
			'9 comune_istat invalid'
		]);
		expect(await fresh.db.$count(sites)).toBe(before);
		expect((await importSites(dispatcher, file, { dryRun: false })).written).toBe(0);
		expect(await fresh.db.$count(sites)).toBe(before);
	});

	it('imports good rows: customer by code or P.IVA, comune by ISTAT or name, points from the file or the comune', async () => {
		const file = csv(
			header,
			`${existing.code};Filiale Bergamo;Via Nuova 1;;16024;;;;;Citofono 3;lun-ven 8-17;sì`,
			`IT${existing.vatNumber};Filiale Torino;Corso Francia 10;10138;;Torino;TO;45,0781;7,6512;;;`,
			`${existing.code};Deposito Castro;Via Lago 2;;;Castro;BG;;;;;no`
		);
		const report = await importSites(dispatcher, file, { dryRun: false });
		expect(report).toEqual({ dryRun: false, rows: 3, written: 3, problems: [] });
		const list = await listSites(dispatcher, { customerId: existing.id }, { page: 1, pageSize: 10, offset: 0 });
		const byName = Object.fromEntries(list.items.map((s) => [s.name, s]));
		expect(byName['Filiale Bergamo']).toMatchObject({ comuneIstat: '016024', cap: '24121', regionCode: '03', accessNotes: 'Citofono 3', openingHours: 'lun-ven 8-17', active: true });
		expect(byName['Filiale Bergamo'].location.lat).toBeCloseTo(45.696, 3);
		expect(byName['Filiale Torino']).toMatchObject({ comuneName: 'Torino', cap: '10138', location: { lat: 45.0781, lng: 7.6512 } });
		expect(byName['Deposito Castro']).toMatchObject({ comuneIstat: '016065', province: 'BG', active: false });
		expect((await getCustomer(dispatcher, existing.id)).sites).toHaveLength(4);
	});
});
