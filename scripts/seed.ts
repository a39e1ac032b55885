/**
 * npm run seed [-- --scale demo] [--if-empty]: fills the database named by DATABASE_URL with the demo company.
 * Safe to run again; refuses (exit 1, nothing written) when the database holds someone's data.
 * --if-empty (used by npm start) seeds only a database with no users, customers or technicians.
 */
import { config } from '../src/lib/server/config';
import { createDatabase } from '../src/lib/server/db/client';
import { DEMO_LOGINS, DEMO_PASSWORD, isEmptyDatabase, seedDemoCompany } from '../src/lib/server/seed/demo-company';

const SCALES = ['demo'] as const;

function fail(message: string): never {
	console.error(`seed: ${message}`);
	process.exit(1);
}

let ifEmpty = false;

function parseScale(args: string[]): string {
	let scale = 'demo';
	for (let i = 0; i < args.length; i++) {
		const arg = args[i];
		if (arg === '--if-empty') {
			ifEmpty = true;
		} else if (arg === '--scale') {
			if (i + 1 >= args.length) fail('--scale needs a value (supported: demo)');
			scale = args[++i];
		} else if (arg.startsWith('--scale=')) {
			scale = arg.slice('--scale='.length);
		} else {
			fail(`unknown argument "${arg}" (usage: npm run seed -- [--scale demo] [--if-empty])`);
		}
	}
	if (!(SCALES as readonly string[]).includes(scale)) fail(`unsupported scale "${scale}" (supported: ${SCALES.join(', ')})`);
	return scale;
}

/** One line a person can act on: connection problems name the server, never the password. */
function describe(error: unknown, url: string): string {
	const e = error as { code?: string; message?: string; errors?: { message?: string }[] };
	const where = (() => {
		try {
			const u = new URL(url);
			return `${u.hostname}:${u.port || 5432}${u.pathname}`;
		} catch {
			return 'the configured database';
		}
	})();
	if (e?.code === 'ECONNREFUSED') return `cannot connect to PostgreSQL at ${where} (connection refused); is it running?`;
	if (e?.code === '3D000') return `database ${where} does not exist; run npm run db:migrate first`;
	if (e?.code === '42P01') return `tables are missing in ${where}; run npm run db:migrate first`;
	const message = e?.message || e?.errors?.map((x) => x.message).join('; ') || String(error);
	return message.split('\n')[0];
}

const scale = parseScale(process.argv.slice(2));
let url = '';
try {
	url = config().DATABASE_URL;
} catch (error) {
	fail(error instanceof Error ? error.message : String(error));
}

const { sql, db } = createDatabase(url, 2);
const started = performance.now();
try {
	if (ifEmpty && !(await isEmptyDatabase(db))) {
		console.log('seed: the database already has data; not seeding');
		await sql.end({ timeout: 5 });
		process.exit(0);
	}
	const { created, counts } = await seedDemoCompany(db);
	const seconds = ((performance.now() - started) / 1000).toFixed(2);
	console.log(`seed ${scale}: ${created ? 'created' : 'already present, nothing to add'} in ${seconds} s`);
	console.log(
		`  users ${counts.users}, technicians ${counts.technicians} (skills ${counts.technicianSkills} of ${counts.skills}), ` +
			`customers ${counts.customers}, sites ${counts.sites}`
	);
	console.log(`  logins (password "${DEMO_PASSWORD}"):`);
	const technicians = DEMO_LOGINS.filter((l) => l.role === 'technician');
	for (const login of DEMO_LOGINS.filter((l) => l.role !== 'technician')) {
		console.log(`    ${login.role.padEnd(10)} ${login.email}`);
	}
	console.log(`    technician ${technicians[0].email} .. ${technicians[technicians.length - 1].email}`);
} catch (error) {
	await sql.end({ timeout: 1 }).catch(() => {});
	fail(describe(error, url));
}
await sql.end({ timeout: 5 });
