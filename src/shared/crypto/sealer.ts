// Encryption at rest for message bodies and messenger ids: AES-256-GCM with a key id in every envelope,
// so keys can rotate (new writes use the current key; old envelopes stay readable while their key is kept).
import { AppError } from "../errors/app-error.ts";
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";

export interface KeyRing {
  currentId: string;
  keys: ReadonlyMap<string, Buffer>;
}

export interface Sealer {
  seal(plaintext: string): string;
  open(envelope: string): string;
  /** Deterministic keyed hash for lookups (HMAC-SHA256, base64url). Not reversible. */
  lookupKey(value: string): string;
}

const VERSION = "v1";

export function createSealer(ring: KeyRing, hmacKey: Buffer): Sealer {
  const current = ring.keys.get(ring.currentId);
  if (!current || current.length !== 32) throw new AppError("invalid_config", `encryption key "${ring.currentId}" must be 32 bytes`);
  if (hmacKey.length < 32) throw new AppError("invalid_config", "HMAC key must be at least 32 bytes");
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", current, iv);
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, ring.currentId, iv.toString("base64url"), tag.toString("base64url"), body.toString("base64url")].join(".");
    },
    open(envelope) {
      const [version, keyId, iv, tag, body] = envelope.split(".");
      if (version !== VERSION || !keyId || iv === undefined || tag === undefined || body === undefined) {
        throw new AppError("internal", "not a sealed envelope");
      }
      const key = ring.keys.get(keyId);
      if (!key) throw new AppError("invalid_config", `no encryption key with id "${keyId}" (was it removed after a rotation?)`);
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    },
    lookupKey(value) {
      return createHmac("sha256", hmacKey).update(value, "utf8").digest("base64url");
    },
  };
}

/** Parses "id:base64,id:base64" (older keys kept readable after a rotation). */
export function parseOldKeys(spec: string | undefined): Array<[string, Buffer]> {
  if (!spec) return [];
  return spec.split(",").map((pair) => {
    const [id, b64] = pair.trim().split(":");
    if (!id || !b64) throw new AppError("invalid_config", 'ENCRYPTION_OLD_KEYS must look like "k0:BASE64,k00:BASE64"');
    return [id, Buffer.from(b64, "base64")];
  });
}
