import Papa from 'papaparse';
import { ValidationError } from './errors';

/**
 * CSV as Italian Excel writes and reads it: `;` between fields (the comma is the decimal mark),
 * a UTF-8 BOM so accented letters survive, CRLF line ends. Reading also accepts `,` and tabs.
 */
const BOM = '\uFEFF';

export type CsvColumn<T> = { header: string; value: (row: T) => string | number | boolean | null | undefined };

function cell(value: string | number | boolean | null | undefined): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value).replace('.', ',');
	if (typeof value === 'boolean') return value ? 'sì' : 'no';
	return value;
}

export function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
	const data = rows.map((row) => columns.map((c) => cell(c.value(row))));
	return BOM + Papa.unparse({ fields: columns.map((c) => c.header), data }, { delimiter: ';', newline: '\r\n', quotes: false });
}

export function csvResponse(filename: string, body: string): Response {
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
			'cache-control': 'no-store'
		}
	});
}

export type CsvRow = { line: number; values: Record<string, string> };

/** Parses a CSV with a header row; headers are trimmed and lower-cased. Throws on an unreadable file. */
export function parseCsv(text: string, maxRows = 50_000): CsvRow[] {
	const clean = text.startsWith(BOM) ? text.slice(1) : text;
	const result = Papa.parse<Record<string, string>>(clean, {
		header: true,
		skipEmptyLines: 'greedy',
		delimitersToGuess: [';', ',', '\t'],
		transformHeader: (h) => h.trim().toLowerCase()
	});
	// An undetectable delimiter only means a one-column file; broken quoting is what makes a file unreadable.
	const fatal = result.errors.find((e) => e.type === 'Quotes');
	if (fatal) throw new ValidationError('file', `unreadable CSV: ${fatal.message}${fatal.row !== undefined ? ` (row ${fatal.row + 2})` : ''}`);
	if (result.data.length > maxRows) throw new ValidationError('file', `too many rows (${result.data.length} > ${maxRows})`);
	// Line numbers as a spreadsheet shows them: the header is line 1.
	return result.data.map((values, i) => ({
		line: i + 2,
		values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, (v ?? '').trim()]))
	}));
}

/** "1.234,56" or "1234.56" -> 1234.56; empty -> null; anything else -> NaN. */
export function parseItalianNumber(value: string): number | null {
	const v = value.trim();
	if (v === '') return null;
	const normalised = v.includes(',') ? v.replace(/\./g, '').replace(',', '.') : v;
	return /^-?\d+(\.\d+)?$/.test(normalised) ? Number(normalised) : NaN;
}

/** "28/11/2026", "28-11-2026" or "2026-11-28" -> "2026-11-28"; empty -> null; invalid -> "invalid". */
export function parseItalianDate(value: string): string | null | 'invalid' {
	const v = value.trim();
	if (v === '') return null;
	let y: number, m: number, d: number;
	let match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
	if (match) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
	else if ((match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v))) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
	else return 'invalid';
	const date = new Date(Date.UTC(y, m - 1, d));
	if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return 'invalid';
	return date.toISOString().slice(0, 10);
}

/** One problem of one row of an import: shown to the user before anything is written. */
export type ImportProblem = { line: number; field: string; message: string };
export type ImportReport = { dryRun: boolean; rows: number; written: number; problems: ImportProblem[] };
