// Debian's Chromium driven by playwright-core (playwright cannot download browsers here).
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = fs.existsSync(CHROMIUM);
export const ARTIFACTS = path.resolve("test/artifacts");

/** playwright-core gives every launch a fresh temporary profile (the same as a new --user-data-dir). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/**
 * The usual pair for a browser test: the app (started by `start`) and Chromium, with the artifacts
 * folder ready. `stopBrowserApp` closes both, whichever of them started.
 *   beforeAll(async () => ({ app, browser } = await startBrowserApp(() => startTestApp())));
 *   afterAll(() => stopBrowserApp(app, browser));
 */
export async function startBrowserApp<A>(start: () => Promise<A>): Promise<{ app: A; browser: Browser }> {
  const app = await start();
  const browser = await launchBrowser();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return { app, browser };
}

export async function stopBrowserApp(app: { stop(): Promise<void> } | undefined, browser: Browser | undefined): Promise<void> {
  await browser?.close();
  await app?.stop();
}
