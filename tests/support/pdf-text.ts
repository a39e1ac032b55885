import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

// pdf.js reads the 14 standard fonts' metrics from files when it runs in Node.
const standardFontDataUrl = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/';

/** Parses a PDF with pdf.js (throws if it is not a valid PDF) and returns its page count and text. */
export async function pdfText(bytes: Uint8Array): Promise<{ pages: number; text: string }> {
	const task = getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, standardFontDataUrl });
	const pdf = await task.promise;
	try {
		let text = '';
		for (let i = 1; i <= pdf.numPages; i++) {
			const page = await pdf.getPage(i);
			const content = await page.getTextContent();
			text += content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('') + '\n';
		}
		return { pages: pdf.numPages, text };
	} finally {
		await task.destroy();
	}
}
