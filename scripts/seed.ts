/**
 * npm run seed [-- --scale demo|large] [--if-empty]: fills the database named by DATABASE_URL with the demo
 * company and its installed base (units, meters, readings, SLA levels, contracts).
 * --scale large then adds 100,000 units and 2,000,000 readings for benchmarks (a few minutes).
 * Safe to run again; refuses (exit 1, nothing written) when the database holds someone's data.
 * --if-empty (used by npm start) seeds only a database with no users, customers or technicians.
 */
import { config } from '../src/lib/server/config';
import { createDatabase } from '../src/lib/server/db/client';
import { DEMO_LOGINS, DEMO_PASSWORD, buildDemoPlan, isEmptyDatabase, seedDemoCompany } from '../src/lib/server/seed/demo-company';
import { seedLargeScale } from '../src/lib/server/seed/large-scale';

const SCALES = ['demo', 'large'] as const;

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
			if (i + 1 >= args.length) fail(`--scale needs a value (supported: ${SCALES.join(', ')})`);
			scale = args[++i];
		} else if (arg.startsWith('--scale=')) {
			scale = arg.slice('--scale='.length);
		} else {
			fail(`unknown argument "${arg}" (usage: npm run seed -- [--scale demo|large] [--if-empty])`);
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
	const { created, added, counts } = await seedDemoCompany(db);
	const seconds = ((performance.now() - started) / 1000).toFixed(2);
	const outcome = created ? 'created' : added > 0 ? `completed (${added} rows added)` : 'already present, nothing to add';
	console.log(`seed demo: ${outcome} in ${seconds} s`);
	console.log(
		`  users ${counts.users}, technicians ${counts.technicians} (skills ${counts.technicianSkills} of ${counts.skills}), ` +
			`customers ${counts.customers}, sites ${counts.sites}`
	);
	console.log(
		`  equipment models ${counts.equipmentModels}, units ${counts.equipment}, meters ${counts.meters}, ` +
			`readings ${counts.meterReadings}`
	);
	console.log(
		`  SLA levels ${counts.slaLevels} (calendars ${counts.businessCalendars}), contracts ${counts.contracts} ` +
			`(terms ${counts.contractTerms}, covered units ${counts.contractEquipment}, meter terms ${counts.meterTerms})`
	);
	console.log(`  logins (password "${DEMO_PASSWORD}"):`);
	const technicians = DEMO_LOGINS.filter((l) => l.role === 'technician');
	for (const login of DEMO_LOGINS.filter((l) => l.role !== 'technician')) {
		console.log(`    ${login.role.padEnd(10)} ${login.email}`);
	}
	console.log(`    technician ${technicians[0].email} .. ${technicians[technicians.length - 1].email}`);

	if (scale === 'large') {
		const large = await seedLargeScale(sql, buildDemoPlan(), (line) => console.log(line));
		console.log(
			large.created
				? `seed large: added ${large.units} units, ${large.meters} meters, ${large.readings} readings in ${large.seconds.toFixed(1)} s`
				: 'seed large: already present, nothing to add'
		);
	}
} catch (error) {
	await sql.end({ timeout: 1 }).catch(() => {});
	fail(describe(error, url));
}
await sql.end({ timeout: 5 });
