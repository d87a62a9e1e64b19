// Password hashing with scrypt (memory-hard, built into node:crypto): N=2^15, r=8, p=1, a 16-byte
// salt per password, 32-byte key. Stored as "scrypt$15$8$1$<salt>$<hash>" so parameters can rise later.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

const LOG_N = 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
// 128 * N * r = 32 MiB; Node's default maxmem is exactly that, so allow headroom.
const MAXMEM = 64 * 1024 * 1024;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

// At most this many derivations at once (32 MiB each): a burst of sign-ins queues instead of
// exhausting memory or the libuv thread pool.
const MAX_CONCURRENT = 2;
let running = 0;
const waiting: Array<() => void> = [];

async function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  // A finished derivation hands its slot straight to the next waiter, so the cap is never exceeded.
  if (running < MAX_CONCURRENT) running += 1;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await new Promise((resolve, reject) => {
      scrypt(password.normalize("NFC"), salt, KEY_LENGTH, { ...options, maxmem: MAXMEM }, (err, key) => (err ? reject(err) : resolve(key)));
    });
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, { N: 2 ** LOG_N, r: R, p: P });
  return ["scrypt", LOG_N, R, P, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/** True when `password` matches `stored`. Malformed hashes never match. Constant-time compare. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const [n, rr, pp] = [Number(logN), Number(r), Number(p)];
  // Bounded so a tampered hash cannot ask for gigabytes.
  if (!(Number.isInteger(n) && n >= 10 && n <= 17 && Number.isInteger(rr) && rr >= 1 && rr <= 16 && Number.isInteger(pp) && pp >= 1 && pp <= 4)) return false;
  const params = { N: 2 ** n, r: rr, p: pp };
  const expected = Buffer.from(hash, "base64url");
  const actual = await derive(password, Buffer.from(salt, "base64url"), params);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Spends the same time as a real check, for unknown accounts (no timing oracle on emails). */
let dummy: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword("not-a-real-password");
  await verifyPassword(password, await dummy);
}
