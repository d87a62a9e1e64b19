// A counsellor signed in to the console of a contract driver's app (an admin: every case is in scope).
import { randomBytes } from "node:crypto";
import { ConsoleClient } from "../../console/console-client.ts";
import type { TestApp } from "../../helpers/start-app.ts";
import { testPasswordHash } from "../../helpers/test-password-hash.ts";

const PASSWORD = "correct horse battery staple";

export async function signedInCounsellor(app: TestApp): Promise<ConsoleClient> {
  const staff = await app.stores.staff.createStaff({
    email: `contract-${randomBytes(4).toString("hex")}@example.org`,
    displayName: "Contract Counsellor",
    role: "admin",
    passwordHash: await testPasswordHash(PASSWORD),
    provinceCodes: [],
  });
  const client = new ConsoleClient(app.url);
  const signIn = await client.login(staff.email, PASSWORD);
  if (signIn.location !== "/console") throw new Error(`sign-in answered ${signIn.status} → ${signIn.location}`);
  await client.get("/console");
  return client;
}
