// Zalo channel: the Zalo Bot Platform API (zalo-bot-api.md) as an adapter of the core's Channel port.
// Webhook mode when publicUrl is set (receiver mounted by the web app at /webhooks/zalo), long polling
// otherwise. A rejected token stops only this channel, with one clear operator log line.
import { createHmac } from "node:crypto";
import type { Hono } from "hono";
import type { Channel, InboundEnvelope, InboundSink, LockService } from "../../core/ports.ts";
import { DEFAULT_LOCALE, matchLocale, type Translator } from "../../shared/i18n/index.ts";
import type { Logger } from "../../shared/logging/logger.ts";
import { createInboundDispatcher } from "./inbound-dispatcher.ts";
import { createZaloSend } from "./send-zalo-message.ts";
import { createZaloApiClient } from "./zalo-api-client.ts";
import { createSupervisor, startZaloPolling, startZaloWebhook, type StartContext } from "./zalo-lifecycle.ts";
import { resolveRetryOptions } from "./zalo-retry-policy.ts";
import { createZaloWebhookApp } from "./zalo-webhook-app.ts";

export interface ZaloChannelOptions {
  token: string;
  apiBase: string;
  /** Set → webhook mode at `${publicUrl}/webhooks/zalo`; unset → long polling. */
  publicUrl?: string;
  sink: InboundSink;
  translator: Translator;
  logger: Logger;
  locks: LockService;
  /** Back-off for Bot API calls and start-up steps; tests shorten the delays. */
  retry?: { baseDelayMs?: number; maxDelayMs?: number; maxAttempts?: number };
}

export interface ZaloChannelHandle {
  /** name "zalo", supportsButtons false. */
  channel: Channel;
  /** Webhook mode only: mount with app.route("/webhooks/zalo", handle.webhook); handles POST "/". */
  webhook?: Hono;
  /** Webhook: setWebhook(url, fresh secret). Polling: lock "zalo-poll:<bot id>" → deleteWebhook → getUpdates loop. Never rejects. */
  start(): Promise<void>;
  /** Aborts the poll, finishes in-flight processing, releases the poll lock. */
  stop(): Promise<void>;
}

const WEBHOOK_PATH = "/webhooks/zalo";

/**
 * The webhook's secret_token, derived from the token (64 hex chars, inside Zalo's 8–256) rather than random
 * per process, so several instances behind one URL agree on it and a rolling restart does not reject deliveries.
 */
export function deriveZaloWebhookSecret(token: string): string {
  return createHmac("sha256", token).update("zalo-webhook-secret:v1").digest("hex");
}

export function createZaloChannel(options: ZaloChannelOptions): ZaloChannelHandle {
  const logger = options.logger.child({ channel: "zalo" });
  const retry = resolveRetryOptions(options.retry);
  const client = createZaloApiClient({ token: options.token, apiBase: options.apiBase, logger, retry });
  const supervisor = createSupervisor(logger);
  const send = createZaloSend({ client, translator: options.translator, logger, onAuthFailure: () => supervisor.onAuthFailure() });
  // The same boundary as Telegram's: when a message cannot be handled, the person is told so.
  const apologise = async (envelope: InboundEnvelope): Promise<void> => {
    const locale = matchLocale(envelope.localeHint) ?? DEFAULT_LOCALE;
    await send(envelope.externalId, { kind: "text", text: options.translator.t(locale, "common:errors.turnFailed") }, locale);
  };
  const dispatcher = createInboundDispatcher({ sink: options.sink, logger, retry, apologise });
  const ctx: StartContext = { client, logger, retry, supervisor, dispatcher, locks: options.locks };
  let state: "idle" | "running" | "stopping" | "stopped" = "idle";
  let stopping: Promise<void> | undefined;

  const channel: Channel = {
    name: "zalo",
    supportsButtons: false,
    send,
  };
  const secret = deriveZaloWebhookSecret(options.token);
  const webhookUrl = options.publicUrl ? `${options.publicUrl.replace(/\/+$/, "")}${WEBHOOK_PATH}` : undefined;
  const isAccepting = (): boolean => state === "idle" || state === "running";
  const webhook = webhookUrl ? createZaloWebhookApp({ secret, dispatcher, logger, isAccepting }) : undefined;

  return {
    channel,
    ...(webhook ? { webhook } : {}),
    async start() {
      if (state !== "idle") return;
      state = "running";
      await (webhookUrl ? startZaloWebhook(ctx, webhookUrl, secret) : startZaloPolling(ctx));
    },
    stop() {
      stopping ??= (async () => {
        state = "stopping";
        await supervisor.shutdown();
        await dispatcher.drain();
        state = "stopped";
      })();
      return stopping;
    },
  };
}
