// Password hashes for staff that tests create directly in the store. The app's own hashes use scrypt
// N=2^15 (about 100 ms of CPU each, more on a busy machine); these use N=2^10, the lowest cost
// verifyPassword accepts, in the same stored format, so signing in as a seeded account runs the real
// verifyPassword at a fraction of the cost. Hashes the app makes (invitations, resets) keep the real cost.
import { randomBytes, scrypt } from "node:crypto";

const LOG_N = 10;
const R = 8;
const P = 1;
const memo = new Map<string, Promise<string>>();

/** A valid stored hash of `password` ("scrypt$10$8$1$<salt>$<key>"); one derivation per password per process. */
export function testPasswordHash(password: string): Promise<string> {
  let hash = memo.get(password);
  if (!hash) {
    const salt = randomBytes(16);
    hash = new Promise<string>((resolve, reject) =>
      scrypt(password.normalize("NFC"), salt, 32, { N: 2 ** LOG_N, r: R, p: P }, (err, key) =>
        err ? reject(err) : resolve(["scrypt", LOG_N, R, P, salt.toString("base64url"), key.toString("base64url")].join("$")),
      ),
    );
    memo.set(password, hash);
  }
  return hash;
}
