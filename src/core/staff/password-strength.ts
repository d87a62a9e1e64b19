// Password strength: at least PASSWORD_MIN_LENGTH characters and a zxcvbn score of 3 or more ("safely
// unguessable"), checked against common passwords, English words and names, keyboard patterns, dates,
// and the account's own email and name. The library and its dictionaries load on the first check (about
// 0.4 s and 20 MB), not at start: most processes never create an account.
import type { ZxcvbnFactory, ZxcvbnResult } from "@zxcvbn-ts/core";
import { AppError } from "../../shared/errors/app-error.ts";
import { PASSWORD_MIN_LENGTH } from "./password.ts";

export const PASSWORD_MIN_SCORE = 3;
/** Words every password here is likely to be built from. */
const SITE_WORDS = [
  "ketnoi",
  "ketnoiantoan",
  "ket noi an toan",
  "kết nối an toàn",
  "safe connect",
  "safeconnect",
  "tuvan",
  "tư vấn",
  "console",
  "admin",
  "matkhau",
  "mật khẩu",
];

let factory: Promise<ZxcvbnFactory> | undefined;
function estimator(): Promise<ZxcvbnFactory> {
  factory ??= (async () => {
    const [core, common, en] = await Promise.all([import("@zxcvbn-ts/core"), import("@zxcvbn-ts/language-common"), import("@zxcvbn-ts/language-en")]);
    return new core.ZxcvbnFactory({ dictionary: { ...common.dictionary, ...en.dictionary }, graphs: common.adjacencyGraphs });
  })();
  return factory;
}

export type PasswordVerdict = { ok: true; score: number } | { ok: false; score: number; warning: string };

/** `warning` is a key under console:passwordWarnings ("tooShort", or zxcvbn's warning, or "weak"). */
export async function judgePassword(password: string, userInputs: string[] = []): Promise<PasswordVerdict> {
  if ([...password].length < PASSWORD_MIN_LENGTH) return { ok: false, score: 0, warning: "tooShort" };
  const inputs = [...SITE_WORDS, ...userInputs.flatMap((s) => [s, ...s.split(/[@.\s_-]+/)]).filter((s) => s.length >= 3)];
  const result: ZxcvbnResult = (await estimator()).check(password.slice(0, 100), inputs);
  if (result.score >= PASSWORD_MIN_SCORE) return { ok: true, score: result.score };
  return { ok: false, score: result.score, warning: result.feedback.warning ?? "weak" };
}

/** Throws weak_password (details.warning: the reason's key) unless the password is strong enough. */
export async function requireStrongPassword(password: string, userInputs: string[] = []): Promise<void> {
  const verdict = await judgePassword(password, userInputs);
  if (!verdict.ok) throw new AppError("weak_password", "password too weak", { details: { warning: verdict.warning } });
}
