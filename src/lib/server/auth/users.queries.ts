import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { technicians, users } from '../db/schema';

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | null> {
	const rows = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
	return rows[0] ?? null;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | null> {
	const rows = await db.select().from(users).where(eq(users.id, id)).limit(1);
	return rows[0] ?? null;
}

export async function insertUser(db: Db, row: NewUserRow): Promise<void> {
	await db.insert(users).values(row);
}

export async function updateUser(db: Db, id: string, changes: Partial<Omit<NewUserRow, 'id'>>): Promise<void> {
	await db
		.update(users)
		.set({ ...changes, updatedAt: new Date() })
		.where(eq(users.id, id));
}

export async function listUsersWithTechnician(db: Db) {
	return db
		.select({
			id: users.id,
			email: users.email,
			name: users.name,
			role: users.role,
			locale: users.locale,
			active: users.active,
			createdAt: users.createdAt,
			technicianId: technicians.id,
			technicianName: technicians.name
		})
		.from(users)
		.leftJoin(technicians, eq(technicians.userId, users.id))
		.orderBy(asc(users.role), asc(users.email));
}

export async function listTechniciansForLinking(db: Db) {
	return db
		.select({ id: technicians.id, name: technicians.name, code: technicians.code, userId: technicians.userId })
		.from(technicians)
		.orderBy(asc(technicians.name));
}

export async function linkTechnician(db: Db, technicianId: string, userId: string): Promise<void> {
	await db.update(technicians).set({ userId: null }).where(eq(technicians.userId, userId));
	await db.update(technicians).set({ userId }).where(eq(technicians.id, technicianId));
}

export async function unlinkTechnician(db: Db, userId: string): Promise<void> {
	await db.update(technicians).set({ userId: null }).where(eq(technicians.userId, userId));
}

export async function findTechnicianById(db: Db, id: string) {
	const rows = await db.select({ id: technicians.id, userId: technicians.userId }).from(technicians).where(eq(technicians.id, id)).limit(1);
	return rows[0] ?? null;
}
