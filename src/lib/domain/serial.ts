/**
 * The form of a serial number we index and compare: people type serials with spaces, dashes,
 * dots and either case ("ab-123 45" is the same unit as "AB12345").
 */
export function serialKey(serial: string): string {
	return serial.normalize('NFKC').toUpperCase().replace(/[\s\-_./]/g, '');
}

/** A serial must have at least one letter or digit once normalised, and at most 64 characters. */
export function isValidSerial(serial: string): boolean {
	const key = serialKey(serial);
	return key.length > 0 && key.length <= 64 && /^[A-Z0-9]+$/.test(key);
}
