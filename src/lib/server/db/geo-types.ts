import { customType } from 'drizzle-orm/pg-core';

export type LngLat = { lng: number; lat: number };

/**
 * Drizzle's built-in geometry type stores SRID 0; ours declares the column as
 * geometry(Point,4326), writes EWKT and reads the hex EWKB that PostgreSQL returns.
 */
export const pointColumn = customType<{ data: LngLat; driverData: string }>({
	dataType() {
		return 'geometry(Point,4326)';
	},
	toDriver(value) {
		return `SRID=4326;POINT(${value.lng} ${value.lat})`;
	},
	fromDriver(value) {
		return parseEwkbPoint(value);
	}
});

/** Parses a hex-encoded (E)WKB point, with or without SRID, in either byte order. */
export function parseEwkbPoint(hex: string): LngLat {
	const bytes = Buffer.from(hex, 'hex');
	const littleEndian = bytes[0] === 1;
	const type = littleEndian ? bytes.readUInt32LE(1) : bytes.readUInt32BE(1);
	const hasSrid = (type & 0x20000000) !== 0;
	if ((type & 0xff) !== 1) throw new Error(`Not a WKB point (type ${type})`);
	const offset = hasSrid ? 9 : 5;
	const lng = littleEndian ? bytes.readDoubleLE(offset) : bytes.readDoubleBE(offset);
	const lat = littleEndian ? bytes.readDoubleLE(offset + 8) : bytes.readDoubleBE(offset + 8);
	return { lng, lat };
}
