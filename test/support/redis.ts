// Redis availability for suites that need a real Redis: skip loudly when none answers,
// unless REQUIRE_REDIS=1 (CI), which turns a missing Redis into a failure.
import { createConnection } from 'node:net';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Resolves true when something answers PING at REDIS_URL within 1 s. */
export function redisAnswers(url = REDIS_URL): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** For `describe.skipIf(!(await redisAvailable()))`: false (with a loud message) when Redis is absent. */
export async function redisAvailable(suite: string): Promise<boolean> {
  if (await redisAnswers()) return true;
  if (process.env.REQUIRE_REDIS === '1') {
    throw new Error(`${suite}: REQUIRE_REDIS=1 but no Redis answers at ${REDIS_URL}`);
  }
  console.warn(
    `\n!!! ${suite}: SKIPPED — no Redis answers at ${REDIS_URL} (set REQUIRE_REDIS=1 to fail instead)\n`,
  );
  return false;
}

/** Deletes every key a test wrote under `prefix` (each suite uses its own prefix). */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
