// Short public handles such as K7Q2: no 0/O/1/I so they survive being read aloud or retyped.
import { randomInt } from "node:crypto";

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

export function newHandle(length = 4): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

/** Runs `create` with fresh handles until one is free; lengthens the handle after repeated collisions. */
export async function withFreshHandle<T>(create: (handle: string) => Promise<T>): Promise<T> {
  for (let attempt = 0; attempt < 12; attempt++) {
    try {
      return await create(newHandle(attempt < 8 ? 4 : 6));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new Error("could not allocate a unique handle after 12 attempts");
}
