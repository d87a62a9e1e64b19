// The app against a fake Telegram Bot API that enforces Telegram's limits (a 429 with retry_after
// beyond them), with the app's send budget set to the same limits: `perSecond` overall, 1 a second per
// chat after a burst of 3. Shared by the sender and broadcast tests.
import { startFakeTelegram, type FakeTelegramBotApi } from "../fakes/telegram-bot-api.ts";
import { startTestApp, type TestApp } from "./start-app.ts";

export async function startLimitedTelegramApp(
  perSecond: number,
  options: Omit<NonNullable<Parameters<typeof startTestApp>[0]>, "env"> = {},
): Promise<{ fake: FakeTelegramBotApi; app: TestApp }> {
  const fake = await startFakeTelegram({ rateLimits: { perSecond, perChatPerSecond: 1, perChatBurst: 3 } });
  const app = await startTestApp({
    ...options,
    env: {
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      SEND_TELEGRAM_PER_SECOND: String(perSecond),
      SEND_TELEGRAM_PER_CHAT_PER_SECOND: "1",
      SEND_TELEGRAM_PER_CHAT_BURST: "3",
    },
  });
  return { fake, app };
}
