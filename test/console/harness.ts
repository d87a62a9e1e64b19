// Test wiring for the console: start the whole app, build a console on the app's database, store and
// engine, with a test clock and a log capture, and serve it (inside the same web shell as the app:
// security headers, body limit, error boundary) on its own loopback port. This works whether or not
// src/app.ts mounts a console of its own.
import { serve, type ServerType } from "@hono/node-server";
import pino from "pino";
import { createConsole } from "../../src/console/index.ts";
import type { StaffRecord, StaffRole, Stores } from "../../src/core/ports.ts";
import type { Clock, PersonRecord } from "../../src/core/ports.ts";
import { createTranslator } from "../../src/shared/i18n/index.ts";
import { silentLogger } from "../../src/shared/logging/logger.ts";
import { createWebApp } from "../../src/web/app.ts";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";
import { testPasswordHash } from "../helpers/test-password-hash.ts";
import { WebChatClient } from "../helpers/webchat-client.ts";
import { ConsoleClient } from "./console-client.ts";

/** A clock tests can move; starts at real time. */
export class TestClock implements Clock {
  offsetMs = 0;
  /** Set by freeze(): time stands still but for advance(), so durations a test measures are exact. */
  private frozenAt: number | undefined;
  now(): Date {
    return new Date(this.frozenAt ?? Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    if (this.frozenAt !== undefined) this.frozenAt += ms;
    else this.offsetMs += ms;
  }
  freeze(): this {
    this.frozenAt = this.now().getTime();
    return this;
  }
}

export interface ConsoleTest {
  app: TestApp;
  /** Where the test console listens (http://127.0.0.1:<port>); the web chat stays on app.url. */
  url: string;
  clock: TestClock;
  stores: Stores;
  logs: Array<Record<string, unknown>>;
  onFirstStart(): Promise<void>;
  /** Creates an account directly (fast path for tests that are not about invitations). */
  staff(role: StaffRole, provinceCodes?: number[], password?: string): Promise<StaffRecord & { password: string }>;
  /** A new account of `role`, signed in, with `landing` fetched once (the session cookie is then live). */
  signedIn(role: StaffRole, provinceCodes?: number[], landing?: string): Promise<{ s: StaffRecord & { password: string }; c: ConsoleClient }>;
  /** A person with an open case, created through the store (no chat). */
  caseFor(input?: {
    provinceCode?: number | null;
    priority?: number;
    waitingMinutes?: number;
    concern?: string;
  }): Promise<{ handle: string; id: string; person: PersonRecord }>;
  stop(): Promise<void>;
}

let counter = 0;

/** `clock`: one clock for the app and the console (default: the console's own, the app on real time). */
export async function startConsoleTest(o: { clock?: TestClock } = {}): Promise<ConsoleTest> {
  const clock = o.clock ?? new TestClock();
  const app = await startTestApp(o.clock ? { clock } : {});
  const stores = app.stores;
  const logs: Array<Record<string, unknown>> = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const consoleApp = createConsole({ stores, engine: app.engine, translator: createTranslator(), logger, clock, secureCookies: false, queuePollMs: 100 });
  const web = createWebApp({ logger: silentLogger(), ready: async () => true });
  web.route("/console", consoleApp.routes);
  const { server, port } = await new Promise<{ server: ServerType; port: number }>((resolve) => {
    const srv = serve({ fetch: web.fetch, port: 0, hostname: "127.0.0.1" }, (info) => resolve({ server: srv, port: info.port }));
  });

  const test: ConsoleTest = {
    app,
    url: `http://127.0.0.1:${port}`,
    clock,
    stores,
    logs,
    onFirstStart: consoleApp.onFirstStart,
    async staff(role, provinceCodes = [], password = "correct horse battery") {
      counter += 1;
      const s = await stores.staff.createStaff({
        email: `${role}${counter}@example.org`,
        displayName: `${role} ${counter}`,
        role,
        passwordHash: await testPasswordHash(password),
        provinceCodes,
      });
      return { ...s, password };
    },
    async signedIn(role, provinceCodes = [], landing = "/console") {
      const s = await test.staff(role, provinceCodes);
      const c = new ConsoleClient(`http://127.0.0.1:${port}`);
      const login = await c.login(s.email, s.password);
      if (login.status !== 303) throw new Error(`sign-in as ${role} answered ${login.status}`);
      await c.get(landing);
      return { s, c };
    },
    async caseFor(input = {}) {
      counter += 1;
      const { person } = await app.stores.people.findOrCreatePerson({ channel: "webchat", externalId: `seeded-${counter}-${Math.random()}`, locale: "vi" });
      const c = await app.stores.cases.createCase({
        personId: person.id,
        subject: "child",
        concern: input.concern ?? "drug_use",
        urgency: "week",
        provinceCode: input.provinceCode === undefined ? null : input.provinceCode,
        wardCode: null,
        priority: input.priority ?? 2,
        dangerFlags: [],
        locale: "vi",
        channel: "webchat",
      });
      const since = new Date(Date.now() - (input.waitingMinutes ?? 0) * 60_000);
      await app.stores.cases.updateCase(c.id, { lastPersonMessageAt: since, waitingSince: since });
      return { handle: c.handle, id: c.id, person };
    },
    async stop() {
      consoleApp.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.stop();
    },
  };
  return test;
}

/**
 * A person files a request in the real web chat: the intake's taps (after "vi" and "intake"), then the
 * typed province, then the ward typed or skipped, then the story if any. Returns the person and the
 * case handle from the confirmation.
 */
export async function webchatRequest(
  appUrl: string,
  o: { taps: string[]; province: string; ward?: string; story?: string },
): Promise<{ person: WebChatClient; handle: string }> {
  const person = new WebChatClient(appUrl);
  await person.open();
  await person.start();
  for (const step of ["vi", "intake", ...o.taps]) await person.tap(step);
  await person.say(o.province);
  if (o.ward === undefined) await person.tap("skip");
  else await person.say(o.ward);
  if (o.story !== undefined) await person.say(o.story);
  const done = await person.repliesTo(() => person.tap("send"));
  const handle = /#([A-Z2-9]{4})/.exec(done.join("\n"))?.[1];
  if (!handle) throw new Error("no case handle in the confirmation");
  return { person, handle };
}
