import { findPhoneNumbersInText } from 'libphonenumber-js/min';

/** "interno 23", "int. 23", "est. 23": how Italian offices write an extension. */
const ITALIAN_EXTENSION = /\b(interno|int\.?|est\.?)\s*(?=\d)/gi;

/**
 * A `tel:` link for a phone number as people type it in Italy ("02 1234567", "335/1234567",
 * "0039 ...", "+41 ...", "interno 23"): international form, so the call goes through from a phone
 * roaming abroad or with a foreign SIM. Italian numbers keep their leading 0 (+39 02...), which a
 * hand-written rule easily drops. Where two numbers were typed ("02 1234567 / 333 1234567"),
 * the first. Null when no valid number is there (too short, no area code, words): show the text
 * unlinked.
 */
export function telHref(typed: string | null | undefined): string | null {
	if (!typed?.trim()) return null;
	const [first] = findPhoneNumbersInText(typed.replace(ITALIAN_EXTENSION, 'ext. '), 'IT');
	return first ? first.number.getURI() : null;
}
