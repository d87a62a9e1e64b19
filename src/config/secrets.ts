// Encryption and HMAC keys. In production they must come from the environment; for local use on the
// embedded database they are generated once into DATA_DIR/secrets.json (mode 0600) with a warning.
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { Logger } from "../shared/logging/logger.ts";
import { parseOldKeys, type KeyRing } from "../shared/crypto/sealer.ts";
import type { Env } from "./env.ts";

export interface Secrets {
  ring: KeyRing;
  hmacKey: Buffer;
}

interface StoredSecrets {
  encryptionKey: string;
  hmacKey: string;
}

function readOrCreateLocalSecrets(dataDir: string, logger: Logger): StoredSecrets {
  const file = path.join(dataDir, "secrets.json");
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as StoredSecrets;
  fs.mkdirSync(dataDir, { recursive: true });
  const created: StoredSecrets = {
    encryptionKey: randomBytes(32).toString("base64"),
    hmacKey: randomBytes(32).toString("base64"),
  };
  fs.writeFileSync(file, JSON.stringify(created, null, 2), { mode: 0o600, flag: "wx" });
  logger.warn(
    { file },
    "generated local encryption and HMAC keys; back this file up (losing it makes stored messages unreadable) and set ENCRYPTION_KEY and HMAC_KEY in production",
  );
  return created;
}

export function loadSecrets(env: Env, logger: Logger): Secrets {
  const local = env.ENCRYPTION_KEY && env.HMAC_KEY ? undefined : readOrCreateLocalSecrets(env.DATA_DIR, logger);
  const encryptionKey = Buffer.from(env.ENCRYPTION_KEY ?? local!.encryptionKey, "base64");
  const hmacKey = Buffer.from(env.HMAC_KEY ?? local!.hmacKey, "base64");
  const keys = new Map<string, Buffer>(parseOldKeys(env.ENCRYPTION_OLD_KEYS));
  keys.set(env.ENCRYPTION_KEY_ID, encryptionKey);
  return { ring: { currentId: env.ENCRYPTION_KEY_ID, keys }, hmacKey };
}
