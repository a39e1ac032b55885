/**
 * Classification attributes of a unit, checked against the definitions an admin wrote for the
 * unit's category. Values arrive as strings from forms and CSV files ("12,5", "sì", "28/02/2024")
 * or as JSON values from the API; they are stored as JSON numbers, booleans and ISO dates.
 */
export const ATTRIBUTE_TYPES = ['text', 'integer', 'decimal', 'boolean', 'date', 'choice'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

export type AttributeDefinition = {
	code: string;
	type: AttributeType;
	required: boolean;
	/** For integer and decimal: the value; for text: the length. Strings as numeric columns return them. */
	minValue?: string | number | null;
	maxValue?: string | number | null;
	choices?: readonly string[] | null;
};

export type AttributeValue = string | number | boolean;
export type AttributeValues = Record<string, AttributeValue>;

export type AttributeErrorKind = 'not_object' | 'unknown' | 'required' | 'type' | 'min' | 'max' | 'choice';
export type AttributeError = { code: string; kind: AttributeErrorKind; message: string };

export type AttributeResult = { ok: true; values: AttributeValues } | { ok: false; values: AttributeValues; errors: AttributeError[] };

const TRUE_WORDS = new Set(['true', '1', 'sì', 'si', 'yes', 'y', 's', 'on', 'vero']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'n', 'off', 'falso']);

/** Empty strings, null and undefined all mean "not given". */
function isBlank(raw: unknown): boolean {
	return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

/** "1.234,5" and "1234.5" -> 1234.5; "1.234" (Italian thousands) -> 1234; junk -> NaN. */
export function parseNumberLoose(raw: string): number {
	const v = raw.trim().replace(/\s/g, '');
	let normalised: string;
	if (v.includes(',')) normalised = v.replace(/\./g, '').replace(',', '.');
	else if (/^-?\d{1,3}(\.\d{3})+$/.test(v)) normalised = v.replace(/\./g, '');
	else normalised = v;
	return /^[-+]?\d+(\.\d+)?$/.test(normalised) ? Number(normalised) : NaN;
}

/** "28/02/2024", "28-02-2024", "28.02.2024" or "2024-02-28" -> "2024-02-28" (real dates only). */
export function parseDateLoose(raw: string): string | null {
	const v = raw.trim();
	let y: number, m: number, d: number;
	let match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
	if (match) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
	else if ((match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v))) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
	else return null;
	if (y < 1900 || y > 2200) return null;
	const date = new Date(Date.UTC(y, m - 1, d));
	if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
	return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function bound(value: string | number | null | undefined): number | null {
	if (value === null || value === undefined || value === '') return null;
	const n = typeof value === 'number' ? value : Number(value);
	return Number.isFinite(n) ? n : null;
}

type Coerced = { value: AttributeValue } | { error: AttributeError };

function typeError(code: string, message: string): Coerced {
	return { error: { code, kind: 'type', message } };
}

function coerce(def: AttributeDefinition, raw: unknown): Coerced {
	const { code } = def;
	switch (def.type) {
		case 'text': {
			if (typeof raw !== 'string' && typeof raw !== 'number') return typeError(code, 'must be text');
			return { value: String(raw).trim() };
		}
		case 'integer':
		case 'decimal': {
			let n: number;
			if (typeof raw === 'number') n = raw;
			else if (typeof raw === 'string') n = parseNumberLoose(raw);
			else return typeError(code, 'must be a number');
			if (!Number.isFinite(n)) return typeError(code, 'must be a number');
			if (def.type === 'integer' && !Number.isInteger(n)) return typeError(code, 'must be a whole number');
			if (def.type === 'integer' && !Number.isSafeInteger(n)) return typeError(code, 'is too large');
			return { value: n };
		}
		case 'boolean': {
			if (typeof raw === 'boolean') return { value: raw };
			if (typeof raw === 'number' && (raw === 0 || raw === 1)) return { value: raw === 1 };
			if (typeof raw === 'string') {
				const word = raw.trim().toLowerCase();
				if (TRUE_WORDS.has(word)) return { value: true };
				if (FALSE_WORDS.has(word)) return { value: false };
			}
			return typeError(code, 'must be yes or no');
		}
		case 'date': {
			if (typeof raw !== 'string') return typeError(code, 'must be a date (dd/mm/yyyy)');
			const iso = parseDateLoose(raw);
			return iso ? { value: iso } : typeError(code, 'must be a date (dd/mm/yyyy)');
		}
		case 'choice': {
			if (typeof raw !== 'string' && typeof raw !== 'number') return { error: { code, kind: 'choice', message: 'must be one of the listed choices' } };
			const wanted = String(raw).trim().toLowerCase();
			// The stored value is the admin's spelling, whatever case the user typed.
			const match = (def.choices ?? []).find((c) => c.toLowerCase() === wanted);
			if (match === undefined) return { error: { code, kind: 'choice', message: `must be one of: ${(def.choices ?? []).join(', ')}` } };
			return { value: match };
		}
	}
}

function checkRange(def: AttributeDefinition, value: AttributeValue): AttributeError | null {
	const min = bound(def.minValue);
	const max = bound(def.maxValue);
	let measured: number;
	let what: string;
	if ((def.type === 'integer' || def.type === 'decimal') && typeof value === 'number') {
		measured = value;
		what = '';
	} else if (def.type === 'text' && typeof value === 'string') {
		measured = value.length;
		what = ' characters';
	} else return null;
	if (min !== null && measured < min) return { code: def.code, kind: 'min', message: `must be at least ${min}${what}` };
	if (max !== null && measured > max) return { code: def.code, kind: 'max', message: `must be at most ${max}${what}` };
	return null;
}

/**
 * Validates and normalises a unit's attributes against its category's definitions. Every
 * problem is reported (one per attribute), so a form or an import row can show them all at once.
 * Blank values are dropped; a blank required attribute is an error; unknown keys are errors.
 */
export function validateAttributes(input: unknown, definitions: readonly AttributeDefinition[]): AttributeResult {
	const values: AttributeValues = {};
	const errors: AttributeError[] = [];
	if (input === undefined || input === null) input = {};
	if (typeof input !== 'object' || Array.isArray(input)) {
		return { ok: false, values, errors: [{ code: '', kind: 'not_object', message: 'attributes must be an object' }] };
	}
	const given = input as Record<string, unknown>;
	const byCode = new Map(definitions.map((d) => [d.code, d]));
	for (const key of Object.keys(given)) {
		if (!byCode.has(key)) errors.push({ code: key, kind: 'unknown', message: 'unknown attribute for this category' });
	}
	for (const def of definitions) {
		const raw = Object.prototype.hasOwnProperty.call(given, def.code) ? given[def.code] : undefined;
		if (isBlank(raw)) {
			if (def.required) errors.push({ code: def.code, kind: 'required', message: 'required' });
			continue;
		}
		const coerced = coerce(def, raw);
		if ('error' in coerced) {
			errors.push(coerced.error);
			continue;
		}
		if (def.type === 'text' && coerced.value === '') {
			if (def.required) errors.push({ code: def.code, kind: 'required', message: 'required' });
			continue;
		}
		const range = checkRange(def, coerced.value);
		if (range) {
			errors.push(range);
			continue;
		}
		values[def.code] = coerced.value;
	}
	return errors.length ? { ok: false, values, errors } : { ok: true, values };
}

/** A value as a form or CSV cell shows it (Italian decimals, dd/mm/yyyy, sì/no). */
export function formatAttributeForInput(def: Pick<AttributeDefinition, 'type'>, value: AttributeValue | undefined): string {
	if (value === undefined) return '';
	if (def.type === 'boolean') return value === true ? 'sì' : 'no';
	if (def.type === 'decimal' && typeof value === 'number') return String(value).replace('.', ',');
	if (def.type === 'date' && typeof value === 'string') {
		const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
		return m ? `${m[3]}/${m[2]}/${m[1]}` : value;
	}
	return String(value);
}

/** Codes admins may give attributes: they become JSON keys and CSV headers (attr_<code>). */
export function isValidAttributeCode(code: string): boolean {
	return /^[a-z][a-z0-9_]{0,39}$/.test(code);
}
