import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { logger } from '../logger';
import type { RoomFanout } from './yjs-room';

export const KIND_UPDATE = 0;
export const KIND_AWARENESS = 1;

/** Wire format of a fan-out message: 8-byte publisher id, 1-byte kind, payload. */
export function encodeFanoutMessage(publisherId: Buffer, kind: number, payload: Uint8Array): Buffer {
	return Buffer.concat([publisherId, Buffer.from([kind]), Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)]);
}

export type FanoutTarget = {
	/** Applies a message to the room if this process holds it (or is loading it). */
	deliver(docName: string, kind: 'update' | 'awareness', payload: Uint8Array): void;
};

/**
 * Carries accepted Yjs updates and awareness between web processes over Redis pub/sub, so
 * dispatchers connected to different processes behind a load balancer edit the same day live.
 * Each process stores only what its own clients sent; what arrives here was stored by its sender.
 * Message: 8-byte process id, 1-byte kind, payload. A process ignores its own messages.
 */
export class RedisFanout implements RoomFanout {
	private readonly processId = randomBytes(8);

	constructor(
		private readonly pub: Redis,
		private readonly sub: Redis,
		private readonly channelPrefix: string,
		private readonly target: FanoutTarget
	) {}

	async start(): Promise<void> {
		this.sub.on('pmessageBuffer', (_pattern: Buffer, channel: Buffer, message: Buffer) => this.receive(channel, message));
		await this.sub.psubscribe(`${this.channelPrefix}*`);
	}

	publishUpdate(docName: string, update: Uint8Array): void {
		this.publish(docName, KIND_UPDATE, update);
	}

	publishAwareness(docName: string, update: Uint8Array): void {
		this.publish(docName, KIND_AWARENESS, update);
	}

	private publish(docName: string, kind: number, payload: Uint8Array): void {
		const message = encodeFanoutMessage(this.processId, kind, payload);
		this.pub.publish(this.channelPrefix + docName, message).catch((error) => logger().warn({ err: error, doc: docName }, 'Yjs fan-out publish failed'));
	}

	private receive(channel: Buffer, message: Buffer): void {
		if (message.length < 9 || message.subarray(0, 8).equals(this.processId)) return;
		const docName = channel.toString().slice(this.channelPrefix.length);
		const kind = message[8] === KIND_UPDATE ? 'update' : message[8] === KIND_AWARENESS ? 'awareness' : null;
		if (!kind) return;
		try {
			this.target.deliver(docName, kind, new Uint8Array(message.subarray(9)));
		} catch (error) {
			logger().warn({ err: error, doc: docName }, 'bad Yjs fan-out message');
		}
	}

	async close(): Promise<void> {
		await Promise.allSettled([this.sub.quit(), this.pub.quit()]);
	}
}
