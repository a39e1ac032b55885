import { describe, expect, it } from 'vitest';
import { navigationUrl, platformOf, type Platform } from './navigation';

const UA = {
	iphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
	iphoneChrome: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1',
	ipadOld: 'Mozilla/5.0 (iPad; CPU OS 12_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1.2 Mobile/15E148 Safari/604.1',
	// iPadOS 13+ asks for desktop sites: it says Macintosh; only the touch points give it away.
	ipadDesktop: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
	android: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
	samsung: 'Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
	windows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
	linux: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'
};

describe('platformOf', () => {
	const cases: Array<[string, string, number, Platform]> = [
		['iPhone Safari', UA.iphone, 5, 'ios'],
		['iPhone Chrome (CriOS)', UA.iphoneChrome, 5, 'ios'],
		['old iPad', UA.ipadOld, 5, 'ios'],
		['iPadOS asking for desktop sites (touch)', UA.ipadDesktop, 5, 'ios'],
		['a Mac (no touch)', UA.ipadDesktop, 0, 'other'],
		['Android Chrome', UA.android, 5, 'android'],
		['Samsung Internet', UA.samsung, 5, 'android'],
		['Windows desktop', UA.windows, 0, 'other'],
		['Linux desktop (the e2e browser)', UA.linux, 0, 'other'],
		['no user agent', '', 0, 'other']
	];
	for (const [name, ua, touch, expected] of cases) it(name, () => expect(platformOf(ua, touch)).toBe(expected));
});

describe('navigationUrl', () => {
	const site = { lat: 45.4642, lng: 9.19, address: 'Via Roma 1', comune: 'Milano' };
	const cases: Array<[Platform, string]> = [
		// Apple Maps: iOS opens maps.apple.com links in the Maps app, with directions (d = driving).
		['ios', 'https://maps.apple.com/?daddr=45.4642,9.19&dirflg=d'],
		// Android: the geo: intent opens the default maps app at the point, with the address as label.
		['android', 'geo:45.4642,9.19?q=45.4642,9.19(Via%20Roma%201%2C%20Milano)'],
		// A desktop browser: Google Maps directions on the web.
		['other', 'https://www.google.com/maps/dir/?api=1&destination=45.4642,9.19']
	];
	for (const [platform, expected] of cases) it(`${platform}: ${expected}`, () => expect(navigationUrl(site, platform)).toBe(expected));

	it('never sends an iPhone to a Google web page', () => {
		const url = new URL(navigationUrl(site, platformOf(UA.iphone, 5)));
		expect(url.hostname).toBe('maps.apple.com');
		expect(url.searchParams.get('daddr')).toBe('45.4642,9.19');
	});

	it('keeps the geo: label inside its parentheses, whatever the address holds', () => {
		const url = navigationUrl({ lat: -33.5, lng: -70.25, address: 'Via (angolo) S. Rocco & C. 5/B', comune: "Sant'Angelo" }, 'android');
		expect(url.startsWith('geo:-33.5,-70.25?q=-33.5,-70.25(')).toBe(true);
		const label = url.slice(url.indexOf('(') + 1, -1);
		expect(label).not.toMatch(/[()&\s]/);
		expect(decodeURIComponent(label)).toBe("Via (angolo) S. Rocco & C. 5/B, Sant'Angelo");
	});

	it('reads the platform from the browser when not told', () => {
		// The unit tests run in Node: no phone, so the web link.
		expect(navigationUrl(site)).toMatch(/^https:\/\/www\.google\.com\/maps\/dir\//);
	});
});
