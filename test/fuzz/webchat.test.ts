// Fuzz: the WHOLE app's web chat, hostile bodies POSTed to /chat/messages with a session cookie (and now
// and then without one). Invariants: never a 5xx, nothing reaches the process-level error hooks, no
// error-level log line, no prototype pollution, bounded RSS, and a person still gets an answer.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";
import { WebChatClient } from "../helpers/webchat-client.ts";
import { arbitraryJsonBody, badUtf8Body, deepNest, FUZZ_SEED, fuzzParameters, mutatedBody, rawBytesBody, type FuzzBody } from "./fuzz-kit.ts";
import { errorLog, expectCleanRun, MB, postBody, rss, watchProcess, type ProcessWatch } from "./fuzz-watch.ts";

const MAX_CHARS = 70_000; // over the web app's 64 KiB limit now and then, so 413 is exercised too
const RSS_GROWTH_LIMIT = 300 * MB;
/** Generous: the whole app answers every request, on a machine shared with other work. */
const PROPERTY_TIMEOUT_MS = 120_000;
const READ_FIELDS = ["clientId", "text", "choice", "optionId", "menuSeq", "start"];

let app: TestApp;
let watch: ProcessWatch;
const log = errorLog();
/** Per session: what the page sends (cookie, Origin, token); index 0 sends nothing. */
let sessions: Array<Record<string, string>> = [];
let requests = 0;
let rssBefore = 0;

const clientId = fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/);
/** What the chat page posts: text, a tapped option, the start of a conversation. */
const validPost: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ clientId, text: fc.string({ maxLength: 60 }) }),
  fc.record({
    clientId,
    choice: fc.record({ optionId: fc.constantFrom("vi", "en", "intake", "topics", "help", "zz"), menuSeq: fc.integer({ min: 0, max: 50 }) }),
  }),
  fc.record({ clientId, start: fc.constant(true) }),
);

/** Sends with one of a few sessions (people), or with none (index 0). */
async function send(body: FuzzBody, session: number): Promise<number> {
  requests += 1;
  return await postBody(`${app.url}/chat/messages`, body, sessions[session % sessions.length] ?? {});
}

/** 200 (handled), 400 (not a message), 401 (no session), 413 (too big). */
function expectEdgeStatus(status: number): void {
  expect([200, 400, 401, 413]).toContain(status);
}

beforeAll(async () => {
  app = await startTestApp({ logger: log.logger });
  const clients = await Promise.all(
    [0, 1, 2].map(async () => {
      const client = new WebChatClient(app.url);
      await client.open();
      return client;
    }),
  );
  sessions = [{}, ...clients.map((c) => c.pageHeaders())];
  watch = watchProcess();
  for (const client of clients) await client.say("xin chao");
  rssBefore = rss();
  console.log(`[fuzz] web chat: seed ${FUZZ_SEED}`);
}, 120_000);

afterAll(async () => {
  watch?.stop();
  await app?.stop();
});

describe("fuzz: web chat POST /chat/messages through the whole app", () => {
  it(
    "arbitrary JSON and raw bytes: 200, 400, 401 or 413, never 5xx",
    async () => {
      const bodies = fc.oneof({ weight: 4, arbitrary: arbitraryJsonBody(MAX_CHARS) }, { weight: 1, arbitrary: rawBytesBody });
      await fc.assert(
        fc.asyncProperty(bodies, fc.nat(), async (body, session) => expectEdgeStatus(await send(body, session))),
        fuzzParameters(100),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "valid-looking posts with one field mutated or one hostile key added, deep nesting, and bad UTF-8 inside strings",
    async () => {
      const bodies = fc.oneof(
        { weight: 4, arbitrary: mutatedBody(validPost, MAX_CHARS, { focus: READ_FIELDS }) },
        { weight: 1, arbitrary: mutatedBody(validPost, MAX_CHARS, { focus: READ_FIELDS, focusShare: 1, replacements: deepNest }) },
        { weight: 1, arbitrary: badUtf8Body(validPost) },
      );
      await fc.assert(
        fc.asyncProperty(bodies, fc.nat(), async (body, session) => expectEdgeStatus(await send(body, session))),
        fuzzParameters(150),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it("afterwards: no process-level errors, no error-level log lines, no pollution, bounded memory, and a person still gets an answer", async () => {
    await app.engine.drain();
    const person = new WebChatClient(app.url);
    await person.open();
    expect((await person.say("xin chao")).ok).toBe(true);
    expect((await person.botMessages()).length).toBeGreaterThan(0);
    expectCleanRun({ name: "web chat", watch, errors: log.errors, rssBefore, requests, rssGrowthLimit: RSS_GROWTH_LIMIT });
  });
});
