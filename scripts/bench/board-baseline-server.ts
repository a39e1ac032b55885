/**
 * The baseline for `npm run bench:board`, run as its own process so its CPU and memory can be
 * read apart from the clients: the naive design Quadro avoids. The server holds the day's plan
 * and, on every edit, broadcasts the WHOLE plan as JSON over Socket.IO to every client.
 * Started by scripts/bench/board.ts with PORT and PLAN_FILE (a JSON array of assignments).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Server } from 'socket.io';

type Assignment = { id: string; callId: string; technicianId: string; start: string; end: string; status: string };
type Edit = { editId: string; id: string; technicianId?: string; start?: string; end?: string };

const plan = new Map<string, Assignment>((JSON.parse(readFileSync(process.env.PLAN_FILE!, 'utf8')) as Assignment[]).map((a) => [a.id, a]));
const http = createServer();
const io = new Server(http, { serveClient: false, transports: ['websocket'], maxHttpBufferSize: 1e6 });

io.on('connection', (socket) => {
	socket.emit('plan', { editId: null, plan: [...plan.values()] });
	socket.on('edit', (edit: Edit) => {
		const current = plan.get(edit.id);
		if (!current) return;
		plan.set(edit.id, { ...current, ...(edit.technicianId ? { technicianId: edit.technicianId } : {}), ...(edit.start ? { start: edit.start } : {}), ...(edit.end ? { end: edit.end } : {}) });
		io.emit('plan', { editId: edit.editId, plan: [...plan.values()] });
	});
});

http.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => {
	io.close();
	process.exit(0);
});
