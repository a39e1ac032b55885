import { describe, expect, it } from 'vitest';
import { checkContact, checkCustomer, checkListFilter, checkSite, coordinate, normalizeVatNumber, SDI_OR_PEC_MESSAGE, TAX_ID_MESSAGE, VAT_MESSAGE } from './customer-input';

const company = { businessName: 'Rossi Srl', address: 'Via Roma 1', vatNumber: '01234567897', sdiCode: 'ABC1234' };

describe('checkCustomer', () => {
	it.each([
		['a company with SDI code', company, null],
		['a company with PEC only', { ...company, sdiCode: '', pec: 'rossi@pec.it' }, null],
		['P.IVA with IT prefix and spaces', { ...company, vatNumber: 'IT 01234 567 897' }, null],
		['P.IVA with leading zeros (Telecom)', { ...company, vatNumber: '00488410010' }, null],
		['a person with only a codice fiscale', { businessName: 'Mario Rossi', address: 'Via Po 2', fiscalCode: 'rssmra85t10a562s' }, null],
		['omocodia codice fiscale', { businessName: 'Mario Rossi', address: 'Via Po 2', fiscalCode: 'RSSMRA85T10A56NH' }, null],
		['a condominio with a numeric codice fiscale', { businessName: 'Condominio Aurora', address: 'Via Po 3', fiscalCode: '98765432103', sdiCode: '0000000' }, null],
		['wrong P.IVA check digit', { ...company, vatNumber: '01234567898' }, ['vatNumber', VAT_MESSAGE]],
		['P.IVA too short', { ...company, vatNumber: '1234567' }, ['vatNumber', VAT_MESSAGE]],
		['P.IVA with letters', { ...company, vatNumber: '0123456789A' }, ['vatNumber', VAT_MESSAGE]],
		['no tax id at all', { businessName: 'X', address: 'Via Y 1' }, ['vatNumber', TAX_ID_MESSAGE]],
		['company without SDI nor PEC', { ...company, sdiCode: null }, ['sdiCode', SDI_OR_PEC_MESSAGE]],
		['company with blank SDI and PEC', { ...company, sdiCode: ' ', pec: '' }, ['sdiCode', SDI_OR_PEC_MESSAGE]],
		['SDI code of 6 characters', { ...company, sdiCode: 'ABC123' }, ['sdiCode', 'the SDI recipient code has 7 letters or digits']],
		['bad codice fiscale check char', { ...company, fiscalCode: 'RSSMRA85T10A562T' }, ['fiscalCode', expect.stringContaining('codice fiscale')]],
		['codice fiscale with day 35', { ...company, fiscalCode: 'RSSMRA85T35A562S' }, ['fiscalCode', expect.stringContaining('codice fiscale')]],
		['missing business name', { ...company, businessName: '   ' }, ['businessName', 'required']],
		['missing address', { ...company, address: undefined }, ['address', 'required']],
		['bad PEC', { ...company, pec: 'not-an-email' }, ['pec', 'not a valid email address']],
		['CAP of 4 digits', { ...company, cap: '2012' }, ['cap', 'a CAP has 5 digits']],
		['ISTAT code of 5 digits', { ...company, comuneIstat: '15146' }, ['comuneIstat', 'an ISTAT code has 6 digits']],
		['payment terms 400 days', { ...company, paymentTermsDays: 400 }, ['paymentTermsDays', 'a whole number from 0 to 365']],
		['payment terms 30.5', { ...company, paymentTermsDays: '30.5' }, ['paymentTermsDays', 'a whole number from 0 to 365']],
		['active as a string', { ...company, active: 'maybe' }, ['active', 'true or false']],
		['not an object', 'hello', ['body', 'expected an object']]
	])('%s', (_name, input, expected) => {
		const { value, problems } = checkCustomer(input);
		if (expected === null) {
			expect(problems).toEqual([]);
			expect(value).not.toBeNull();
		} else {
			expect(value).toBeNull();
			expect(problems[0]).toEqual({ field: expected[0], message: expected[1] });
		}
	});

	it('reports every problem of a record, not only the first', () => {
		const { problems } = checkCustomer({ businessName: '', address: '', vatNumber: '123', cap: 'x', email: 'no' });
		expect(problems.map((p) => p.field).sort()).toEqual(['address', 'businessName', 'cap', 'email', 'vatNumber']);
	});

	it('normalises and defaults: CF of a company is its P.IVA, payment terms 30, active', () => {
		const { value } = checkCustomer({ ...company, vatNumber: 'IT01234567897', sdiCode: 'abc1234', paymentTermsDays: '' });
		expect(value).toMatchObject({ vatNumber: '01234567897', fiscalCode: '01234567897', sdiCode: 'ABC1234', paymentTermsDays: 30, active: true, pec: null });
	});
});

describe('normalizeVatNumber', () => {
	it.each([
		['IT01234567897', '01234567897'],
		['it 01234567897', '01234567897'],
		['012 345 678 97', '01234567897'],
		['IT123', 'IT123']
	])('%s -> %s', (input, expected) => expect(normalizeVatNumber(input)).toBe(expected));
});

describe('checkSite', () => {
	const site = { name: 'Sede', address: 'Via Roma 1', comuneIstat: '015146' };
	it.each([
		['comune only (location from the comune later)', site, null],
		['location inside Italy', { ...site, location: { lng: 9.19, lat: 45.46 } }, null],
		['Lampedusa', { ...site, location: { lng: 12.6, lat: 35.5 } }, null],
		['Vetta d\u2019Italia', { ...site, location: { lng: 12.18, lat: 47.09 } }, null],
		['Italian decimal comma in strings', { ...site, location: { lng: '9,19', lat: '45,46' } }, null],
		['Paris', { ...site, location: { lng: 2.35, lat: 48.85 } }, ['location.lng', expect.stringContaining('outside Italy')]],
		['Tunis latitude', { ...site, location: { lng: 10.2, lat: 35.3 } }, ['location.lat', expect.stringContaining('outside Italy')]],
		['lat/lng swapped', { ...site, location: { lng: 45.46, lat: 9.19 } }, ['location.lng', expect.stringContaining('outside Italy')]],
		['coordinates as words', { ...site, location: { lng: 'est', lat: 45 } }, ['location.lng', expect.stringContaining('longitude')]],
		['no comune', { ...site, comuneIstat: '' }, ['comuneIstat', expect.stringContaining('required')]],
		['no name', { ...site, name: '' }, ['name', 'required']]
	])('%s', (_name, input, expected) => {
		const { value, problems } = checkSite(input);
		if (expected === null) expect(problems).toEqual([]);
		else {
			expect(value).toBeNull();
			expect(problems[0]).toEqual({ field: expected[0], message: expected[1] });
		}
	});

	it('reads coordinates written the Italian way', () => {
		expect(checkSite({ ...site, location: { lng: '9,1859', lat: '45.4654' } }).value?.location).toEqual({ lng: 9.1859, lat: 45.4654 });
	});
});

describe('coordinate', () => {
	it.each([
		['45,46', 45.46],
		[' 9.19 ', 9.19],
		['-1', -1],
		['', null],
		['45,46,1', '45,46,1'],
		[12, 12]
	])('%s', (input, expected) => expect(coordinate(input)).toEqual(expected));
});

describe('checkContact', () => {
	it.each([
		[{ name: 'Anna' }, null],
		[{ name: 'Anna', email: 'anna@x.it', siteId: '' }, null],
		[{ name: '' }, 'name'],
		[{ name: 'Anna', email: 'nope' }, 'email'],
		[{ name: 'Anna', siteId: 'abc' }, 'siteId']
	])('%j', (input, field) => {
		const { problems } = checkContact(input);
		expect(problems[0]?.field ?? null).toBe(field);
	});
});

describe('checkListFilter', () => {
	it.each([
		[{}, { q: null, province: null, region: null, active: null, hasContract: null }],
		[{ q: ' rossi ', province: 'mi', region: '03', active: 'true', hasContract: 'false' }, { q: 'rossi', province: 'MI', region: '03', active: true, hasContract: false }],
		[{ active: '', hasContract: '' }, { active: null, hasContract: null }]
	])('%j', (input, expected) => expect(checkListFilter(input).value).toMatchObject(expected));

	it.each([
		[{ province: 'Milano' }, 'province'],
		[{ region: 'Lombardia' }, 'region'],
		[{ active: 'maybe' }, 'active'],
		[{ customerId: 'nope' }, 'customerId']
	])('refuses %j', (input, field) => expect(checkListFilter(input).problems[0]?.field).toBe(field));
});
