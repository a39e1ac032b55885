/** A stable id for this browser on this phone: position consent is stored per user and device. */
export function deviceId(): string {
	const key = 'quadro.deviceId';
	let id = localStorage.getItem(key);
	if (!id) {
		id = crypto.randomUUID();
		localStorage.setItem(key, id);
	}
	return id;
}

const DUTY_KEY = 'quadro.onDuty';
const CONSENT_KEY = 'quadro.positionConsent';

export const readLocalFlag = (key: 'duty' | 'consent') => localStorage.getItem(key === 'duty' ? DUTY_KEY : CONSENT_KEY) === '1';
export const writeLocalFlag = (key: 'duty' | 'consent', on: boolean) => localStorage.setItem(key === 'duty' ? DUTY_KEY : CONSENT_KEY, on ? '1' : '0');
