import { describe, expect, it } from 'vitest';
import { canonicalHeader } from './import.service';

describe('canonicalHeader', () => {
	it.each([
		['partita_iva', 'partita_iva'],
		['Partita IVA', 'partita_iva'],
		[' P.IVA ', 'partita_iva'],
		['P-IVA', 'partita_iva'],
		['Ragione Sociale', 'ragione_sociale'],
		['Denominazione', 'ragione_sociale'],
		['Codice destinatario', 'codice_sdi'],
		['Comune ISTAT', 'comune_istat'],
		['Città', 'citta'],
		['Latitudine', 'lat'],
		['LON', 'lng'],
		['Note accesso', 'note_accesso'],
		['', '']
	])('%j -> %s', (header, expected) => expect(canonicalHeader(header)).toBe(expected));
});
