/**
 * "Navigate": a link that opens the phone's own maps app with directions to the site.
 * - iPhone and iPad: an Apple Maps link (maps.apple.com), which iOS hands to the Maps app.
 * - Android: a geo: URI, which Android hands to the default maps app (the user's choice).
 * - Anything else (a desktop browser): Google Maps directions on the web.
 * Coordinates, not the address, set the destination: the site's stored point is exact.
 */
export type Platform = 'ios' | 'android' | 'other';

/** The platform from the browser's user agent (iPadOS 13+ says "Macintosh" but has a touch screen). */
export function platformOf(userAgent: string, maxTouchPoints = 0): Platform {
	if (/android/i.test(userAgent)) return 'android';
	if (/iPhone|iPad|iPod/.test(userAgent)) return 'ios';
	if (/Macintosh/.test(userAgent) && maxTouchPoints > 1) return 'ios';
	return 'other';
}

function currentPlatform(): Platform {
	if (typeof navigator === 'undefined') return 'other';
	return platformOf(navigator.userAgent ?? '', navigator.maxTouchPoints ?? 0);
}

/** A URI component with parentheses escaped too: the geo: label sits inside "( )". */
const component = (s: string) => encodeURIComponent(s).replace(/\(/g, '%28').replace(/\)/g, '%29');

export function navigationUrl(site: { lat: number; lng: number; address: string; comune: string }, platform: Platform = currentPlatform()): string {
	const point = `${site.lat},${site.lng}`;
	const label = component(`${site.address}, ${site.comune}`);
	if (platform === 'ios') return `https://maps.apple.com/?daddr=${point}&dirflg=d`;
	if (platform === 'android') return `geo:${point}?q=${point}(${label})`;
	return `https://www.google.com/maps/dir/?api=1&destination=${point}`;
}
