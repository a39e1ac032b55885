import { customType } from 'drizzle-orm/pg-core';

/** Binary columns (Yjs updates and snapshots) as Uint8Array in TypeScript, bytea in PostgreSQL. */
export const bytea = customType<{ data: Uint8Array; driverData: Buffer }>({
	dataType() {
		return 'bytea';
	},
	toDriver(value) {
		return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
	},
	fromDriver(value) {
		return new Uint8Array(value);
	}
});
