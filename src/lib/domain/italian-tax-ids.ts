/**
 * Italian tax identifiers: partita IVA (VAT number) and codice fiscale.
 *
 * The checks are strict about form: no spaces, no lowercase, no "IT" prefix. Forms normalise
 * with `normalizeTaxId` first, so the stored value is the one that was validated.
 */

const PARTITA_IVA = /^\d{11}$/;
const DIGITS_10 = /^\d{10}$/;

/**
 * Check digit of a partita IVA from its first ten digits (DM 23/12/1976): digits in odd
 * positions are summed as they are, digits in even positions are doubled (minus 9 when over 9),
 * and the check digit brings the total to a multiple of ten.
 */
export function partitaIvaCheckDigit(first10: string): number {
	if (!DIGITS_10.test(first10)) throw new RangeError('partitaIvaCheckDigit needs exactly 10 digits');
	let sum = 0;
	for (let i = 0; i < 10; i++) {
		const d = first10.charCodeAt(i) - 48;
		if (i % 2 === 0) sum += d;
		else sum += d * 2 > 9 ? d * 2 - 9 : d * 2;
	}
	return (10 - (sum % 10)) % 10;
}

/** 11 digits whose last one is the check digit; the office code (digits 8-10) is not checked. */
export function isValidPartitaIva(s: string): boolean {
	if (typeof s !== 'string' || !PARTITA_IVA.test(s)) return false;
	return partitaIvaCheckDigit(s.slice(0, 10)) === s.charCodeAt(10) - 48;
}

// Omocodia replaces digits, right to left, with these letters when two people would share a code.
const OMOCODIA = 'LMNPQRSTUV';
const OMO = '[0-9LMNPQRSTUV]';
const PERSONAL_CF = new RegExp(`^[A-Z]{6}${OMO}{2}[ABCDEHLMPRST]${OMO}{2}[A-Z]${OMO}{3}[A-Z]$`);

// Values of characters in odd positions (1st, 3rd, ...); digits share the values of A..J.
const ODD_VALUES = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

function charIndex(c: string): number {
	const code = c.charCodeAt(0);
	return code <= 57 ? code - 48 : code - 65; // '0'-'9' -> 0-9, 'A'-'Z' -> 0-25
}

/** Check character of a personal codice fiscale from its first 15 characters (uppercase). */
export function codiceFiscaleCheckChar(first15: string): string {
	let sum = 0;
	for (let i = 0; i < 15; i++) {
		const v = charIndex(first15[i]);
		sum += i % 2 === 0 ? ODD_VALUES[v] : v;
	}
	return String.fromCharCode(65 + (sum % 26));
}

function decodeOmocodia(c: string): string {
	const i = OMOCODIA.indexOf(c);
	return i >= 0 ? String(i) : c;
}

/**
 * A personal codice fiscale (16 characters, omocodia letters accepted, day 1-31 or 41-71 for
 * women, correct check character), or the 11-digit numeric one of companies and other bodies,
 * which follows the partita IVA rules.
 */
export function isValidCodiceFiscale(s: string): boolean {
	if (typeof s !== 'string') return false;
	if (s.length === 11) return isValidPartitaIva(s);
	if (!PERSONAL_CF.test(s)) return false;
	const day = Number(decodeOmocodia(s[9]) + decodeOmocodia(s[10]));
	if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) return false;
	return codiceFiscaleCheckChar(s.slice(0, 15)) === s[15];
}

/** What a form should do before validating: drop spaces, uppercase. */
export function normalizeTaxId(s: string): string {
	return s.replace(/\s+/g, '').toUpperCase();
}
