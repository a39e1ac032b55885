import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';

// The official FatturaPA schema as shipped in the project. It imports the signature schema as
// "xmldsig-core.xsd", so that file is handed to xmllint under this name.
const schemaFile = (name: string) => readFileSync(new URL(`../../src/lib/server/billing/fatturapa-schema/${name}`, import.meta.url), 'utf8');
const FATTURAPA_XSD = schemaFile('Schema_VFPR12_v1.2.2.xsd');
const XMLDSIG_XSD = schemaFile('xmldsig-core-schema.xsd');

/** What the official schema says is wrong with a FatturaPA file (empty when valid). */
export async function validateFatturaPa(xml: string): Promise<string[]> {
	const result = await validateXML({
		xml: [{ fileName: 'fattura.xml', contents: xml }],
		schema: [{ fileName: 'Schema_VFPR12_v1.2.2.xsd', contents: FATTURAPA_XSD }],
		preload: [{ fileName: 'xmldsig-core.xsd', contents: XMLDSIG_XSD }]
	});
	return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}
