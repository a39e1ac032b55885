import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, type AssignmentChanged, type ClientToServerEvents, type PositionReport, type ServerToClientEvents } from '$lib/realtime/events';
import { SEND_EVERY_MS, shouldSendPosition } from './position-throttle';

/**
 * The technician app's live state: one Socket.IO connection per page (assignment changes in,
 * positions out), the latest notice, and the position sender. Shared by the /t pages.
 */
export const fieldLive = $state({
	connected: false,
	online: typeof navigator === 'undefined' ? true : navigator.onLine,
	notice: null as AssignmentChanged['change'] | null,
	noticeAt: 0,
	lastPositionAt: null as string | null,
	positionError: false,
	/** The service worker holds the app shell: the app opens with no signal. */
	offlineReady: false
});


let socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
const changeListeners = new Set<(change: AssignmentChanged) => void>();
const connectListeners = new Set<() => void>();

/** Called on every (re)connection of the live socket. */
export function onLiveConnect(listener: () => void): () => void {
	connectListeners.add(listener);
	return () => connectListeners.delete(listener);
}

export function onAssignmentChanged(listener: (change: AssignmentChanged) => void): () => void {
	changeListeners.add(listener);
	return () => changeListeners.delete(listener);
}

export function connectFieldLive(): () => void {
	socket = io(LIVE_NAMESPACE, { path: '/socket.io', withCredentials: true });
	socket.on('connect', () => {
		fieldLive.connected = true;
		// Changes announced while we were not connected were missed: refresh, and say where we are.
		for (const l of connectListeners) l();
		if (latestFix && watchId !== null) emitFix(latestFix, true);
	});
	socket.on('disconnect', () => (fieldLive.connected = false));
	socket.on('assignment:changed', (change) => {
		fieldLive.notice = change.change;
		fieldLive.noticeAt = Date.now();
		for (const l of changeListeners) l(change);
	});
	socket.on('session:ended', () => {
		socket?.close();
		location.href = '/login';
	});
	const online = () => (fieldLive.online = navigator.onLine);
	window.addEventListener('online', online);
	window.addEventListener('offline', online);
	return () => {
		window.removeEventListener('online', online);
		window.removeEventListener('offline', online);
		socket?.close();
		socket = null;
	};
}

// ---- position sender -------------------------------------------------------------------------

let watchId: number | null = null;
let timer: ReturnType<typeof setInterval> | null = null;
let last: { lat: number; lng: number; sentAt: number } | null = null;
let latestFix: GeolocationPosition | null = null;

function emitFix(fix: GeolocationPosition, force: boolean): void {
	const point = { lat: fix.coords.latitude, lng: fix.coords.longitude, at: Date.now() };
	if (!force && !shouldSendPosition(last, point)) return;
	if (!socket?.connected) return;
	const payload: PositionReport = { lat: point.lat, lng: point.lng, recordedAt: new Date(fix.timestamp || Date.now()).toISOString() };
	if (Number.isFinite(fix.coords.accuracy)) payload.accuracy = fix.coords.accuracy;
	if (fix.coords.heading != null && Number.isFinite(fix.coords.heading)) payload.heading = fix.coords.heading;
	if (fix.coords.speed != null && Number.isFinite(fix.coords.speed)) payload.speed = fix.coords.speed;
	socket.emit('position:report', payload, (r) => {
		if (r?.ok) fieldLive.lastPositionAt = new Date().toISOString();
	});
	last = { lat: point.lat, lng: point.lng, sentAt: point.at };
}

/** Sends positions while on duty with consent: every 30 s or 100 m, whichever first. */
export function startPositionSender(): void {
	if (watchId !== null || typeof navigator === 'undefined' || !navigator.geolocation) {
		if (typeof navigator !== 'undefined' && !navigator.geolocation) fieldLive.positionError = true;
		return;
	}
	const onFix = (fix: GeolocationPosition) => {
		latestFix = fix;
		fieldLive.positionError = false;
		emitFix(fix, false);
	};
	const onError = () => (fieldLive.positionError = true);
	watchId = navigator.geolocation.watchPosition(onFix, onError, { enableHighAccuracy: true, maximumAge: 10_000 });
	timer = setInterval(() => navigator.geolocation.getCurrentPosition(onFix, onError, { maximumAge: 5_000, timeout: 20_000 }), SEND_EVERY_MS);
}

export function stopPositionSender(): void {
	if (watchId !== null) navigator.geolocation.clearWatch(watchId);
	if (timer) clearInterval(timer);
	watchId = null;
	timer = null;
	last = null;
}

/** A status change: send where we are now, whatever the throttle says (only when the sender runs). */
export function reportPositionNow(): void {
	if (watchId === null) return;
	navigator.geolocation.getCurrentPosition(
		(fix) => {
			latestFix = fix;
			emitFix(fix, true);
		},
		() => {
			if (latestFix) emitFix(latestFix, true);
		},
		{ maximumAge: 5_000, timeout: 10_000 }
	);
}
