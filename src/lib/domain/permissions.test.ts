import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiKeyScopeFor, can, homeFor, isPublicPath, navFor, permissionForPath, PERMISSIONS, ROLES, type Permission, type Role } from './permissions';

describe('can', () => {
	const cases: Array<[Role | null, Permission, boolean]> = [
		['admin', 'users.manage', true],
		['dispatcher', 'users.manage', false],
		['supervisor', 'users.manage', false],
		['technician', 'users.manage', false],
		['dispatcher', 'board.write', true],
		['admin', 'board.write', true],
		['supervisor', 'board.write', false],
		['supervisor', 'board.read', true],
		['technician', 'board.read', false],
		['technician', 'board.write', false],
		['technician', 'calls.write', false],
		['technician', 'field.own', true],
		['dispatcher', 'field.own', false],
		['technician', 'live.connect', true],
		['supervisor', 'reports.read', true],
		['dispatcher', 'reports.read', false],
		[null, 'account.self', false]
	];
	it.each(cases)('%s may %s: %s', (role, permission, expected) => {
		expect(can(role, permission)).toBe(expected);
	});

	it('every permission names only known roles', () => {
		for (const roles of Object.values(PERMISSIONS)) for (const r of roles) expect(ROLES).toContain(r);
	});
});

describe('paths', () => {
	const cases: Array<[string, Permission | null]> = [
		['/admin/users', 'users.manage'],
		['/admin/users/123', 'users.manage'],
		['/board', 'board.read'],
		['/boardroom', null],
		['/t', 'field.own'],
		['/tools', null],
		['/account', 'account.self'],
		['/api/me', 'account.self'],
		['/api/unknown', null],
		['/api/calls/0190a0b0-0000-7000-8000-000000000001/reports', 'fieldReports.read'],
		['/api/calls/0190a0b0-0000-7000-8000-000000000001/reports/x/pdf', 'fieldReports.read'],
		['/api/calls//reports', 'calls.read'],
		['/api/calls/0190a0b0-0000-7000-8000-000000000001', 'calls.read'],
		['/api/calls/0190a0b0-0000-7000-8000-000000000001/reportsx', 'calls.read'],
		['/api/calls/0190a0b0-0000-7000-8000-000000000001/candidates', 'candidates.read'],
		['/api/skills/hvac', 'technicians.read'],
		['/admin/technicians/new', 'technicians.manage'],
		['/admin/skills', 'technicians.manage'],
		['/api/technicians/0190a0b0-0000-7000-8000-000000000001/positions', 'positions.api'],
		['/api/technicians/0190a0b0-0000-7000-8000-000000000001', 'technicians.read'],
		['/api/areas/0190a0b0-0000-7000-8000-000000000001/sites', 'areas.read'],
		['/admin/areas', 'areas.manage'],
		['/', 'account.self']
	];
	it.each(cases)('%s needs %s', (path, permission) => {
		expect(permissionForPath(path)).toBe(permission);
	});

	it.each([
		['/login', true],
		['/login/', true],
		['/login-admin', false],
		['/api/auth/login', true],
		['/healthz', true],
		['/readyz', true],
		['/api/me', false],
		['/loginx', false],
		['/api/trackers/osmand', true],
		['/api/trackersx', false]
	])('%s public: %s', (path, expected) => {
		expect(isPublicPath(path)).toBe(expected);
	});

	it('every route in src/routes is public or covered by a rule (default deny must not hide pages)', () => {
		const routesDir = join(process.cwd(), 'src/routes');
		const found: string[] = [];
		const walk = (dir: string) => {
			for (const name of readdirSync(dir)) {
				const full = join(dir, name);
				if (statSync(full).isDirectory()) walk(full);
				else if (/^\+(page|server)\.(svelte|ts)$/.test(name)) found.push(relative(routesDir, dir));
			}
		};
		walk(routesDir);
		const paths = [...new Set(found)].map(
			(dir) =>
				'/' +
				dir
					.split('/')
					.filter((seg) => seg && !/^\(.+\)$/.test(seg))
					.join('/')
		);
		expect(paths.length).toBeGreaterThan(10);
		for (const path of paths) {
			const covered = isPublicPath(path) || permissionForPath(path) !== null;
			expect(covered, `route ${path} has no permission rule`).toBe(true);
		}
	});
});

describe('navigation', () => {
	it.each([
		['dispatcher', ['/board', '/calls', '/map', '/agenda', '/customers', '/equipment', '/contracts']],
		['technician', ['/t']],
		['supervisor', ['/map', '/billing', '/reports']],
		['backoffice', ['/contracts', '/billing']],
		['admin', ['/board', '/calls', '/map', '/agenda', '/customers', '/equipment', '/contracts', '/billing', '/reports', '/admin/users', '/admin/technicians', '/settings']]
	] as Array<[Role, string[]]>)('%s sees %j', (role, hrefs) => {
		expect(navFor(role).map((i) => i.href)).toEqual(hrefs);
	});

	it('every nav item is reachable by the roles that see it', () => {
		for (const role of ROLES) {
			for (const item of navFor(role)) {
				const needed = permissionForPath(item.href);
				expect(needed && can(role, needed), `${role} sees ${item.href} but cannot open it`).toBeTruthy();
			}
		}
	});

	it.each([
		['technician', '/t'],
		['supervisor', '/map'],
		['dispatcher', '/board'],
		['admin', '/board'],
		['backoffice', '/billing']
	] as Array<[Role, string]>)('%s lands on %s', (role, home) => {
		expect(homeFor(role)).toBe(home);
		expect(can(role, permissionForPath(home)!)).toBe(true);
	});
});

describe('API-key routes', () => {
	it.each([
		['/api/meter-readings', 'POST', 'meter-readings'],
		['/api/meter-readings', 'GET', null],
		['/api/meter-readings/123/review', 'POST', null],
		['/api/meter-readings/import', 'POST', null],
		['/api/customers', 'POST', null],
		['/api/technicians/0190a0b0-0000-7000-8000-000000000001/positions', 'POST', 'positions'],
		['/api/technicians/0190a0b0-0000-7000-8000-000000000001/positions', 'GET', null],
		['/api/technicians/0190a0b0-0000-7000-8000-000000000001/positions/x', 'POST', null],
		['/api/technicians//positions', 'POST', null],
		['/api/technicians', 'POST', null]
	])('%s %s -> %s', (path, method, scope) => expect(apiKeyScopeFor(path, method)).toBe(scope));
});
