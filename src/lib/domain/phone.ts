import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * A `tel:` link for a phone number as people type it in Italy ("02 1234567", "335/1234567",
 * "0039 ...", "+41 ...", "int. 23"): international form, so the call goes through from a phone
 * roaming abroad or with a foreign SIM. Italian numbers keep their leading 0 (+39 02...), which a
 * hand-written rule easily drops. Null when the text cannot be a phone number: show it unlinked.
 */
export function telHref(typed: string | null | undefined): string | null {
	if (!typed?.trim()) return null;
	const parsed = parsePhoneNumberFromString(typed, 'IT');
	return parsed?.isPossible() ? parsed.getURI() : null;
}
