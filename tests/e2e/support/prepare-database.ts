// A clean, migrated, seeded database for the browser tests, made before the server starts.
import { Redis } from 'ioredis';
import { dropDatabase, ensureDatabase } from '../../../scripts/lib/databases';
import { applyMigrations } from '../../../scripts/lib/migrate';
import { closeDatabase, db } from '../../../src/lib/server/db/client';
import { seedDemoCompany } from '../../../src/lib/server/seed/demo-company';

const url = process.env.DATABASE_URL!;
const prefix = process.env.REDIS_PREFIX!;
await dropDatabase(url);
await ensureDatabase(url);
await applyMigrations(url);
await seedDemoCompany(db());
await closeDatabase();
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const keys = await redis.keys(`${prefix}:*`);
if (keys.length) await redis.del(...keys);
await redis.quit();
console.log('e2e database ready');
