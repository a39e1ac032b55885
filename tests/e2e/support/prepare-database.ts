// A clean, migrated, seeded database for the browser tests, made before the server starts.
import { Redis } from 'ioredis';
import { dropDatabase, ensureDatabase } from '../../../scripts/lib/databases';
import { applyMigrations } from '../../../scripts/lib/migrate';
import { closeDatabase, db } from '../../../src/lib/server/db/client';
import { hashPassword } from '../../../src/lib/server/auth/password';
import { insertUser } from '../../../src/lib/server/auth/users.queries';
import { uuidv7 } from '../../../src/lib/server/ids';
import { seedDemoCompany } from '../../../src/lib/server/seed/demo-company';
import { LANGUAGE_TEST_USER } from './users';

const url = process.env.DATABASE_URL!;
const prefix = process.env.REDIS_PREFIX!;
await dropDatabase(url);
await ensureDatabase(url);
await applyMigrations(url);
await seedDemoCompany(db());
// A user of its own for the test that switches language: the choice is saved per user, and
// the other tests (running in parallel) log in as the demo users and expect Italian.
await insertUser(db(), { id: uuidv7(), email: LANGUAGE_TEST_USER, name: 'Lingua Prova', role: 'dispatcher', passwordHash: await hashPassword('quadro-demo') });
await closeDatabase();
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const keys = await redis.keys(`${prefix}:*`);
if (keys.length) await redis.del(...keys);
await redis.quit();
console.log('e2e database ready');
