// Join codes: six upper-case letters and digits without look-alikes (no 0/O, 1/I/L), shown as such and
// in the deep link t.me/<bot>?start=club_<code>. Typed codes are cleaned (spaces, dashes, case) first.
import { randomInt } from "node:crypto";

export const JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const JOIN_CODE_LENGTH = 6;
export const CLUB_START_PREFIX = "club_";

export function generateJoinCode(pick: (max: number) => number = randomInt): string {
  let code = "";
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[pick(JOIN_CODE_ALPHABET.length)];
  return code;
}

/** The code a person typed, cleaned: spaces, dashes and dots removed, upper case. Null when it cannot be a code. */
export function normaliseJoinCode(input: string): string | null {
  const code = input
    .normalize("NFC")
    .replace(/[\s\-._]/g, "")
    .toUpperCase();
  return /^[A-Z0-9]{4,12}$/.test(code) ? code : null;
}

/** The deep link payload for a club, e.g. "club_K7Q2MX". */
export const clubStartPayload = (joinCode: string): string => `${CLUB_START_PREFIX}${joinCode}`;
