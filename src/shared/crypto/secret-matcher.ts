// Comparing a secret someone sent (a webhook's secret token, a bearer token) with the one expected, in
// constant time: both are hashed first, so the lengths are equal and the answer's timing says nothing
// about how much of a guess was right. The expected secret is hashed once, when the matcher is made.
import { createHash, timingSafeEqual } from "node:crypto";

export function secretMatcher(expected: string): (given: string) => boolean {
  const want = createHash("sha256").update(expected).digest();
  return (given) => timingSafeEqual(createHash("sha256").update(given).digest(), want) && given.length === expected.length;
}
