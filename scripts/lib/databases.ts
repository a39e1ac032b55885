import postgres from 'postgres';

/** The only databases our scripts create, migrate or drop. */
export function isOurDatabase(name: string): boolean {
	return name === 'quadro' || /^quadro_test[a-z0-9_]*$/.test(name);
}

export function databaseName(url: string): string {
	return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

export function withDatabase(url: string, name: string): string {
	const u = new URL(url);
	u.pathname = '/' + encodeURIComponent(name);
	return u.toString();
}

/** Connects to the server's maintenance database to create or drop ours. */
export function adminConnection(url: string): postgres.Sql {
	return postgres(withDatabase(url, 'postgres'), { max: 1, onnotice: () => {} });
}

export async function ensureDatabase(url: string, template?: string): Promise<boolean> {
	const name = databaseName(url);
	if (!isOurDatabase(name)) {
		// Someone else's database (DATABASE_URL set by the user): use it as it is, never create it.
		return false;
	}
	const admin = adminConnection(url);
	try {
		const exists = await admin`select 1 from pg_database where datname = ${name}`;
		if (exists.length > 0) return false;
		const from = template ? admin` template ${admin(template)}` : admin``;
		await admin`create database ${admin(name)}${from}`;
		return true;
	} finally {
		await admin.end();
	}
}

export async function dropDatabase(url: string): Promise<void> {
	const name = databaseName(url);
	if (!isOurDatabase(name) || name === 'quadro') throw new Error(`refusing to drop database ${name}`);
	const admin = adminConnection(url);
	try {
		await admin`drop database if exists ${admin(name)} with (force)`;
	} finally {
		await admin.end();
	}
}
