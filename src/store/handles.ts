// Short public handles such as K7Q2: no 0/O/1/I so they survive being read aloud or retyped.
import { AppError } from "../shared/errors/app-error.ts";
import { randomInt } from "node:crypto";

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

export function newHandle(length = 4): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** A unique-constraint violation, as Prisma reports it (P2002) or as a driver adapter passes it on (SQLSTATE 23505). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as { code?: string; cause?: { code?: string; originalCode?: string } };
  return e.code === "P2002" || e.cause?.code === "23505" || e.cause?.originalCode === "23505";
}

/**
 * Runs `create` with fresh handles until one is free; lengthens the handle after repeated collisions.
 * `taken` checks a handle first: inside a transaction a unique violation aborts the whole transaction,
 * so a collision must be avoided rather than caught (a race between two turns then fails one turn,
 * which is retried).
 */
export async function withFreshHandle<T>(create: (handle: string) => Promise<T>, taken?: (handle: string) => Promise<boolean>): Promise<T> {
  for (let attempt = 0; attempt < 12; attempt++) {
    const handle = newHandle(attempt < 8 ? 4 : 6);
    if (taken && (await taken(handle))) continue;
    try {
      return await create(handle);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new AppError("conflict", "could not allocate a unique handle after 12 attempts");
}
