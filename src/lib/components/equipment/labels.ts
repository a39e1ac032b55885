import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

/** Localised names of the equipment module's codes (categories, statuses, attribute types, regions). */

export const CATEGORIES = ['copier_mono', 'copier_colour', 'printer', 'hvac', 'lift', 'other'] as const;
export const STATUSES = ['active', 'under_repair', 'standby', 'decommissioned'] as const;
export const ATTRIBUTE_TYPES = ['text', 'integer', 'decimal', 'boolean', 'date', 'choice'] as const;
export type Category = (typeof CATEGORIES)[number];
export type Status = (typeof STATUSES)[number];
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

const categoryLabels: Record<Category, () => string> = {
	copier_mono: m.eq_category_copier_mono,
	copier_colour: m.eq_category_copier_colour,
	printer: m.eq_category_printer,
	hvac: m.eq_category_hvac,
	lift: m.eq_category_lift,
	other: m.eq_category_other
};

const statusLabels: Record<Status, () => string> = {
	active: m.eq_status_active,
	under_repair: m.eq_status_under_repair,
	standby: m.eq_status_standby,
	decommissioned: m.eq_status_decommissioned
};

const typeLabels: Record<AttributeType, () => string> = {
	text: m.eq_type_text,
	integer: m.eq_type_integer,
	decimal: m.eq_type_decimal,
	boolean: m.eq_type_boolean,
	date: m.eq_type_date,
	choice: m.eq_type_choice
};

const regionLabels: Record<string, () => string> = {
	'01': m.eq_region_01,
	'02': m.eq_region_02,
	'03': m.eq_region_03,
	'04': m.eq_region_04,
	'05': m.eq_region_05,
	'06': m.eq_region_06,
	'07': m.eq_region_07,
	'08': m.eq_region_08,
	'09': m.eq_region_09,
	'10': m.eq_region_10,
	'11': m.eq_region_11,
	'12': m.eq_region_12,
	'13': m.eq_region_13,
	'14': m.eq_region_14,
	'15': m.eq_region_15,
	'16': m.eq_region_16,
	'17': m.eq_region_17,
	'18': m.eq_region_18,
	'19': m.eq_region_19,
	'20': m.eq_region_20
};
export const REGION_CODES = Object.keys(regionLabels);

export function categoryLabel(code: string): string {
	return categoryLabels[code as Category]?.() ?? code;
}

export function statusLabel(code: string | null | undefined): string {
	return code ? (statusLabels[code as Status]?.() ?? code) : '—';
}

export function typeLabel(code: string): string {
	return typeLabels[code as AttributeType]?.() ?? code;
}

export function regionLabel(code: string): string {
	return regionLabels[code]?.() ?? code;
}

/** The label of an attribute or meter type in the user's language. */
export function localised(row: { labelIt?: string; labelEn?: string; nameIt?: string; nameEn?: string }): string {
	const en = getLocale() === 'en';
	return (en ? (row.labelEn ?? row.nameEn) : (row.labelIt ?? row.nameIt)) ?? '';
}
