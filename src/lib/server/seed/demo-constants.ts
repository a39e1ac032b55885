/**
 * The demo constants that planning needs too, kept apart so demo-plan.ts need not import
 * demo-company.ts (which imports the planner): no import cycle. demo-company.ts re-exports them.
 */
import type { Role } from '../../domain/permissions';

export const DEMO_EMAIL_DOMAIN = 'quadro.test';
export const DEMO_REGIONS = ['01', '03', '05', '08'] as const; // Piemonte, Lombardia, Veneto, Emilia-Romagna

export const TECHNICIAN_COUNT = 25;
export const CUSTOMER_COUNT = 300;

export const pad = (n: number, width: number) => String(n).padStart(width, '0');
export const technicianEmail = (i: number) => `tecnico${pad(i, 2)}@${DEMO_EMAIL_DOMAIN}`;

export const DEMO_LOGINS: { email: string; role: Role }[] = [
	{ email: `admin@${DEMO_EMAIL_DOMAIN}`, role: 'admin' },
	{ email: `dispatcher@${DEMO_EMAIL_DOMAIN}`, role: 'dispatcher' },
	{ email: `dispatcher2@${DEMO_EMAIL_DOMAIN}`, role: 'dispatcher' },
	{ email: `supervisor@${DEMO_EMAIL_DOMAIN}`, role: 'supervisor' },
	...Array.from({ length: TECHNICIAN_COUNT }, (_, i) => ({ email: technicianEmail(i + 1), role: 'technician' as const })),
	// Last, so the ids and names drawn for the others stay what they were before it existed.
	{ email: `amministrazione@${DEMO_EMAIL_DOMAIN}`, role: 'backoffice' }
];

/** app_meta key and value that mark a database seeded with the demo company. */
export const SEED_META_KEY = 'seed';
export const DEMO_SEED_VERSION = 'demo-v1';
