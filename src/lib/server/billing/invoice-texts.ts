import type { BillingPeriod } from '$lib/domain/billing-periods';
import { METER_TYPES } from '../reference/reference-data';

/**
 * The words on invoice lines. An invoice is a legal document sent to Italian customers and
 * through SdI, so its lines are always in Italian, whatever the language of the person who
 * prepared it (the screens around it follow Paraglide).
 */

const PERIODICITY: Record<string, string> = { monthly: 'mensile', bimonthly: 'bimestrale', quarterly: 'trimestrale', annual: 'annuale' };
const METER = new Map<string, string>(METER_TYPES.map((t) => [t.code, t.nameIt.charAt(0).toLowerCase() + t.nameIt.slice(1)]));

// 'always': Italian CLDR leaves 4-digit numbers ungrouped (1800), invoices write 1.800.
const integer = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 0, useGrouping: 'always' });
const money = new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR' });

/** "2026-02-01" -> "01/02/2026". */
export function italianDate(iso: string): string {
	const [y, m, d] = iso.split('-');
	return `${d}/${m}/${y}`;
}

function span(period: BillingPeriod): string {
	return `dal ${italianDate(period.from)} al ${italianDate(period.to)}`;
}

export function meterName(meterType: string): string {
	return METER.get(meterType) ?? meterType;
}

export function feeLineText(contractNumber: string, periodicity: string, period: BillingPeriod): string {
	const share = period.days < period.fullDays ? ` (rateo ${period.days}/${period.fullDays} giorni)` : '';
	return `Canone ${PERIODICITY[periodicity] ?? periodicity} contratto ${contractNumber} ${span(period)}${share}`;
}

export function meterSummaryText(contractNumber: string, meterType: string, period: BillingPeriod, totalUnits: number, includedUnits: number): string {
	return `Contratto ${contractNumber}, ${meterName(meterType)} ${span(period)}: ${integer.format(totalUnits)} rilevate, di cui ${integer.format(includedUnits)} incluse nel canone`;
}

export function meterLineText(meterType: string, period: BillingPeriod, fromUnits: number, serialNumber: string | null): string {
	const band = fromUnits > 0 ? ` oltre ${integer.format(fromUnits)}` : '';
	const unit = serialNumber ? `, matricola ${serialNumber}` : '';
	return `Eccedenza ${meterName(meterType)}${band} ${span(period)}${unit}`;
}

export function minimumLineText(meterType: string, period: BillingPeriod, minimumCents: number): string {
	return `Integrazione al minimo di fatturazione ${meterName(meterType)} (${money.format(minimumCents / 100)}) ${span(period)}`;
}

/** Why a meter period waits: no readings to measure it from. */
export function missingReadingsWarning(meterType: string, period: BillingPeriod, serials: string[]): string {
	return `Letture insufficienti per ${meterName(meterType)} ${span(period)}: matricole ${serials.join(', ')}`;
}

/** Usage extrapolated past the readings: checked by the back office before issuing. */
export function estimatedUsageWarning(meterType: string, period: BillingPeriod, serials: string[]): string {
	return `Consumo di ${meterName(meterType)} ${span(period)} stimato oltre le letture: matricole ${serials.join(', ')}`;
}
