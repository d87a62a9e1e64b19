// Start-up and supervision of the Zalo channel: webhook registration or the poller, run in the
// background under one AbortController; a rejected token is reported once and stops only this channel.
import type { LockService } from "../../core/ports.ts";
import type { Logger } from "../../shared/logging/logger.ts";
import type { InboundDispatcher } from "./inbound-dispatcher.ts";
import { describeZaloError } from "./describe-zalo-error.ts";
import { isZaloApiError, type ZaloApiClient } from "./zalo-api-client.ts";
import { runZaloPoller } from "./zalo-poller.ts";
import { retryForever, type RetryOptions } from "./zalo-retry-policy.ts";

const TOKEN_REJECTED =
  "Zalo token rejected (401): check ZALO_BOT_TOKEN (copy it again from Zalo Bot Creator; resetting the token there invalidates the old one). The Zalo channel is stopped; the rest of the app keeps running.";

export interface Supervisor {
  readonly signal: AbortSignal;
  /** Logs the operator line once and aborts everything the channel runs. */
  onAuthFailure(): void;
  /** Runs work in the background; its failure is logged (never thrown) and stop() awaits it. */
  inBackground(work: () => Promise<unknown>): void;
  /** Aborts and waits for the background work. */
  shutdown(): Promise<void>;
}

export function createSupervisor(logger: Logger): Supervisor {
  const controller = new AbortController();
  let task: Promise<void> = Promise.resolve();
  let authReported = false;
  const supervisor: Supervisor = {
    signal: controller.signal,
    onAuthFailure() {
      if (!authReported) logger.error(TOKEN_REJECTED);
      authReported = true;
      controller.abort();
    },
    inBackground(work) {
      task = work().then(
        () => undefined,
        (error: unknown) => {
          if (isZaloApiError(error) && error.kind === "auth") return supervisor.onAuthFailure();
          if (controller.signal.aborted) return;
          logger.error(describeZaloError(error), "Zalo channel stopped after an unrecoverable error");
        },
      );
    },
    async shutdown() {
      controller.abort();
      await task;
    },
  };
  return supervisor;
}

export interface StartContext {
  client: ZaloApiClient;
  logger: Logger;
  retry: RetryOptions;
  supervisor: Supervisor;
  dispatcher: InboundDispatcher;
  locks: LockService;
}

/** setWebhook(url, secret); on a transient failure keeps trying in the background. Never rejects. */
export async function startZaloWebhook(ctx: StartContext, url: string, secret: string): Promise<void> {
  const { client, logger, retry, supervisor } = ctx;
  const signal = supervisor.signal;
  const register = async (): Promise<void> => {
    await client.setWebhook({ url, secret_token: secret }, { signal });
    logger.info("Zalo webhook registered");
  };
  try {
    await register();
  } catch (error) {
    if (isZaloApiError(error) && error.kind === "auth") return supervisor.onAuthFailure();
    if (isZaloApiError(error) && error.kind === "bad_request") {
      logger.error({ errorCode: error.error_code }, "Zalo rejected setWebhook: PUBLIC_URL must be a public https:// address reachable from Zalo");
      return;
    }
    logger.warn("Zalo setWebhook failed at start; retrying in the background");
    supervisor.inBackground(() => retryForever(register, { signal, retry, logger, what: "setWebhook" }));
  }
}

/** getMe (so a bad token shows at once), then the poller in the background. Never rejects. */
export async function startZaloPolling(ctx: StartContext): Promise<void> {
  const { client, logger, retry, supervisor, dispatcher, locks } = ctx;
  const signal = supervisor.signal;
  let botId: string | undefined;
  try {
    botId = (await client.getMe({ signal })).id;
  } catch (error) {
    if (isZaloApiError(error) && error.kind === "auth") return supervisor.onAuthFailure();
    logger.warn("Zalo getMe failed at start; retrying in the background");
  }
  supervisor.inBackground(() => runZaloPoller({ client, locks, dispatcher, logger, retry, signal, botId }));
}
