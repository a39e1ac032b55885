import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A local SMTP server that keeps every message it receives, parsed (tests only). */
export type SmtpSink = { port: number; messages: ParsedMail[]; waitFor(check: (m: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>; close(): Promise<void> };

export async function startSmtpSink(port = 0): Promise<SmtpSink> {
	const messages: ParsedMail[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, _session, callback) {
			simpleParser(stream)
				.then((mail) => {
					messages.push(mail);
					callback();
				})
				.catch((error) => callback(error));
		}
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve());
	});
	const address = server.server.address();
	const actual = typeof address === 'object' && address ? address.port : port;
	return {
		port: actual,
		messages,
		async waitFor(check, timeoutMs = 15_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const found = messages.find(check);
				if (found) return found;
				if (Date.now() > deadline) throw new Error(`no matching mail within ${timeoutMs} ms (received ${messages.length})`);
				await new Promise((r) => setTimeout(r, 100));
			}
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}
