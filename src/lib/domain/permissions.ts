/**
 * The one permission table. Pages (via ROUTE_RULES), API routes, Socket.IO events and Yjs
 * connections all ask `can(role, permission)`; nothing else decides who may do what.
 */
// backoffice: the administration office (amministrazione) that keeps contracts and readings and
// issues the invoices; it plans nothing and sees no board.
export const ROLES = ['admin', 'dispatcher', 'supervisor', 'technician', 'backoffice'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
	'account.self': ['admin', 'dispatcher', 'supervisor', 'technician', 'backoffice'],
	'live.connect': ['admin', 'dispatcher', 'supervisor', 'technician', 'backoffice'],
	'board.read': ['admin', 'dispatcher', 'supervisor'],
	'board.write': ['admin', 'dispatcher'],
	'agenda.read': ['admin', 'dispatcher', 'supervisor'],
	'calls.read': ['admin', 'dispatcher', 'supervisor'],
	'calls.write': ['admin', 'dispatcher'],
	'map.read': ['admin', 'dispatcher', 'supervisor'],
	'customers.read': ['admin', 'dispatcher', 'supervisor', 'backoffice'],
	'customers.write': ['admin', 'dispatcher'],
	'equipment.read': ['admin', 'dispatcher', 'supervisor', 'backoffice'],
	'equipment.write': ['admin', 'dispatcher'],
	'contracts.read': ['admin', 'dispatcher', 'supervisor', 'backoffice'],
	'contracts.write': ['admin', 'dispatcher', 'backoffice'],
	'technicians.read': ['admin', 'dispatcher', 'supervisor'],
	// Technicians' records, skills list, shifts and areas of competence: admins edit them.
	'technicians.manage': ['admin'],
	'candidates.read': ['admin', 'dispatcher', 'supervisor'],
	'readings.write': ['admin', 'dispatcher', 'backoffice'],
	'readings.review': ['admin', 'dispatcher'],
	// Scheduled maintenance plans: office roles read them; dispatchers and admins edit them and
	// generate the calls that are due by hand (the daily job generates them as a system action).
	'maintenance.read': ['admin', 'dispatcher', 'supervisor'],
	'maintenance.manage': ['admin', 'dispatcher'],
	'maintenance.generate': ['admin', 'dispatcher'],
	// Invoices from contracts (fee per period, cost per copy) and FatturaPA files: the back office
	// and admins prepare and issue them; supervisors read them for margins. The company's own
	// invoicing details are a setting (settings.manage).
	'billing.read': ['admin', 'backoffice', 'supervisor'],
	'billing.manage': ['admin', 'backoffice'],
	'sla.manage': ['admin'],
	'integrations.manage': ['admin'],
	'reports.read': ['admin', 'supervisor'],
	'field.own': ['technician'],
	// Intervention reports: everyone reads (a technician only the calls assigned to them, checked
	// by the service), technicians submit their own, office roles and the technician correct.
	'fieldReports.read': ['admin', 'dispatcher', 'supervisor', 'technician'],
	'fieldReports.submit': ['technician'],
	'fieldReports.correct': ['admin', 'dispatcher', 'technician'],
	'users.manage': ['admin'],
	'settings.manage': ['admin'],
	// Open items from accounting (partite aperte): office roles see the "unpaid" flag; only admins
	// replace the data (an integration does it with a key of scope 'receivables').
	'receivables.read': ['admin', 'dispatcher', 'supervisor', 'backoffice'],
	'receivables.write': ['admin'],
	'wall.manage': ['admin'],
	// Areas: office roles read them (filters, map); admins draw and edit custom areas.
	'areas.read': ['admin', 'dispatcher', 'supervisor', 'backoffice'],
	'areas.manage': ['admin'],
	// Positions: office roles read them; a technician reports only their own (checked by the
	// service). positions.api only opens /api/technicians/<id>/positions to both, and the
	// service then asks positions.read (GET) or positions.report (POST).
	'positions.read': ['admin', 'dispatcher', 'supervisor'],
	'positions.report': ['technician'],
	'positions.api': ['admin', 'dispatcher', 'supervisor', 'technician']
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function isRole(value: unknown): value is Role {
	return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function can(role: Role | null | undefined, permission: Permission): boolean {
	if (!role) return false;
	return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/**
 * Which permission each page or API path needs, first match wins. Paths not listed here and
 * not in PUBLIC_PATHS are refused (default deny), and a unit test walks src/routes to prove
 * every route is covered.
 */
export const ROUTE_RULES: ReadonlyArray<{ prefix: string; permission: Permission }> = [
	{ prefix: '/admin/users', permission: 'users.manage' },
	{ prefix: '/settings', permission: 'settings.manage' },
	{ prefix: '/api/api-keys', permission: 'integrations.manage' },
	{ prefix: '/api/customers', permission: 'customers.read' },
	{ prefix: '/api/sites', permission: 'customers.read' },
	{ prefix: '/api/contacts', permission: 'customers.read' },
	{ prefix: '/api/comuni', permission: 'customers.read' },
	{ prefix: '/api/equipment-models', permission: 'equipment.read' },
	{ prefix: '/api/equipment/*/maintenance-plans', permission: 'maintenance.read' },
	{ prefix: '/api/equipment', permission: 'equipment.read' },
	{ prefix: '/api/maintenance-plans', permission: 'maintenance.read' },
	{ prefix: '/api/maintenance', permission: 'maintenance.read' },
	{ prefix: '/api/attribute-definitions', permission: 'equipment.read' },
	{ prefix: '/api/meter-types', permission: 'equipment.read' },
	{ prefix: '/api/meter-readings', permission: 'equipment.read' },
	{ prefix: '/api/contracts', permission: 'contracts.read' },
	{ prefix: '/api/coverage', permission: 'contracts.read' },
	{ prefix: '/api/sla-levels', permission: 'contracts.read' },
	{ prefix: '/api/calendars', permission: 'contracts.read' },
	{ prefix: '/api/calls/*/reports', permission: 'fieldReports.read' },
	{ prefix: '/api/calls/*/candidates', permission: 'candidates.read' },
	{ prefix: '/api/calls', permission: 'calls.read' },
	{ prefix: '/api/technicians/*/positions', permission: 'positions.api' },
	{ prefix: '/api/technicians', permission: 'technicians.read' },
	{ prefix: '/api/areas', permission: 'areas.read' },
	{ prefix: '/admin/areas', permission: 'areas.manage' },
	{ prefix: '/api/skills', permission: 'technicians.read' },
	{ prefix: '/admin/technicians', permission: 'technicians.manage' },
	{ prefix: '/admin/skills', permission: 'technicians.manage' },
	{ prefix: '/api/board', permission: 'board.read' },
	{ prefix: '/api/receivables', permission: 'receivables.read' },
	{ prefix: '/api/invoices', permission: 'billing.read' },
	{ prefix: '/api/company-profile', permission: 'billing.read' },
	{ prefix: '/billing', permission: 'billing.read' },
	{ prefix: '/api/map', permission: 'map.read' },
	{ prefix: '/api/wall-screens', permission: 'wall.manage' },
	{ prefix: '/admin/wall-screens', permission: 'wall.manage' },
	{ prefix: '/receivables', permission: 'receivables.read' },
	// Reached with a wall token, never a session: the hook checks it as WALL_SCREEN_ROLE.
	{ prefix: '/wall', permission: 'map.read' },
	{ prefix: '/board', permission: 'board.read' },
	{ prefix: '/agenda', permission: 'agenda.read' },
	{ prefix: '/calls/new', permission: 'calls.write' },
	{ prefix: '/calls', permission: 'calls.read' },
	{ prefix: '/map', permission: 'map.read' },
	{ prefix: '/customers', permission: 'customers.read' },
	{ prefix: '/equipment', permission: 'equipment.read' },
	{ prefix: '/contracts', permission: 'contracts.read' },
	{ prefix: '/reports', permission: 'reports.read' },
	{ prefix: '/t', permission: 'field.own' },
	{ prefix: '/api/field', permission: 'field.own' },
	{ prefix: '/account', permission: 'account.self' },
	{ prefix: '/api/me', permission: 'account.self' },
	{ prefix: '/api/auth/logout', permission: 'account.self' },
	{ prefix: '/logout', permission: 'account.self' },
	{ prefix: '/', permission: 'account.self' }
];

/**
 * Paths an integration may call with an API key (Authorization: Bearer ...) instead of a session,
 * and the scope the key needs. The key replaces the session, never the check.
 */
export const API_KEY_ROUTES: ReadonlyArray<{ path: string; scope: ApiKeyScope; methods: readonly string[] }> = [
	{ path: '/api/meter-readings', scope: 'meter-readings', methods: ['POST'] },
	{ path: '/api/receivables', scope: 'receivables', methods: ['PUT'] },
	{ path: '/api/technicians/*/positions', scope: 'positions', methods: ['POST'] }
];
export const API_KEY_SCOPES = ['meter-readings', 'receivables', 'positions'] as const;

/**
 * A wall screen (/wall/<token>) acts as this role: it sees exactly what a supervisor sees, and
 * supervisors are read-only by design (no write permission, Yjs drops their updates), so the
 * token goes through the same `can(role, permission)` checks with no second table. The hook
 * accepts a wall token only on /wall paths and only for GET.
 */
export const WALL_SCREEN_ROLE: Role = 'supervisor';
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export function apiKeyScopeFor(path: string, method: string): ApiKeyScope | null {
	// Exact paths: a key for posting readings must not reach /review or /import below it.
	const route = API_KEY_ROUTES.find((r) => matchesExactly(path, r.path) && r.methods.includes(method));
	return route ? route.scope : null;
}

/** Reachable without a session. */
// /api/trackers: GPS trackers (OsmAnd protocol) cannot log in; the route itself requires an API
// key of scope 'positions' (header or ?key=), so it is public only to the session check.
export const PUBLIC_PATHS: readonly string[] = ['/login', '/api/auth/login', '/healthz', '/readyz', '/locale', '/api/trackers'];

/** The whole path, where a `*` segment matches any one non-empty segment. */
function matchesExactly(path: string, pattern: string): boolean {
	if (!pattern.includes('*')) return path === pattern;
	const want = pattern.split('/');
	const have = path.split('/');
	return have.length === want.length && want.every((seg, i) => (seg === '*' ? have[i] !== '' : seg === have[i]));
}

/** A `*` segment in a prefix matches any one path segment (e.g. a call id in /api/calls/<id>/reports). */
function matchesPrefix(path: string, prefix: string): boolean {
	if (prefix === '/') return path === '/';
	if (prefix.includes('*')) {
		const want = prefix.split('/');
		const have = path.split('/');
		return have.length >= want.length && want.every((seg, i) => seg === '*' ? have[i] !== '' : seg === have[i]);
	}
	return path === prefix || path.startsWith(prefix + '/');
}

export function isPublicPath(path: string): boolean {
	return PUBLIC_PATHS.some((p) => matchesPrefix(path, p));
}

/** The permission a path needs, or null when no rule covers it (which means: refuse). */
export function permissionForPath(path: string): Permission | null {
	const rule = ROUTE_RULES.find((r) => matchesPrefix(path, r.prefix));
	return rule ? rule.permission : null;
}

export type NavItem = { href: string; label: NavLabel; permission: Permission };
export type NavLabel =
	| 'board'
	| 'calls'
	| 'map'
	| 'agenda'
	| 'customers'
	| 'equipment'
	| 'contracts'
	| 'billing'
	| 'myDay'
	| 'reports'
	| 'users'
	| 'technicians'
	| 'settings';

/** Navigation in display order; each role sees the items its permissions allow. */
export const NAV_ITEMS: readonly NavItem[] = [
	{ href: '/board', label: 'board', permission: 'board.write' },
	{ href: '/calls', label: 'calls', permission: 'calls.write' },
	{ href: '/map', label: 'map', permission: 'map.read' },
	{ href: '/agenda', label: 'agenda', permission: 'board.write' },
	{ href: '/customers', label: 'customers', permission: 'customers.write' },
	{ href: '/equipment', label: 'equipment', permission: 'equipment.write' },
	{ href: '/contracts', label: 'contracts', permission: 'contracts.write' },
	{ href: '/billing', label: 'billing', permission: 'billing.read' },
	{ href: '/t', label: 'myDay', permission: 'field.own' },
	{ href: '/reports', label: 'reports', permission: 'reports.read' },
	{ href: '/admin/users', label: 'users', permission: 'users.manage' },
	{ href: '/admin/technicians', label: 'technicians', permission: 'technicians.manage' },
	{ href: '/settings', label: 'settings', permission: 'settings.manage' }
];

export function navFor(role: Role): NavItem[] {
	return NAV_ITEMS.filter((item) => can(role, item.permission));
}

/** Where a role lands after login. */
export function homeFor(role: Role): string {
	switch (role) {
		case 'technician':
			return '/t';
		case 'supervisor':
			return '/map';
		case 'backoffice':
			return '/billing';
		case 'admin':
		case 'dispatcher':
			return '/board';
	}
}
