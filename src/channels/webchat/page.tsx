// The web chat page: a calm, trustworthy public-service page, Vietnamese by default, mobile first.
import type { Translate } from "../../shared/i18n/index.ts";
import { matchLocale } from "../../shared/i18n/index.ts";
import { raw } from "hono/html";
import { preferredLanguage } from "../../shared/text/guess-language.ts";
import { STYLE } from "./page-style.ts";

const CLIENT_KEYS = [
  "placeholder",
  "send",
  "connecting",
  "offline",
  "sending",
  "failed",
  "you",
  "bot",
  "counsellor",
  "openLink",
  "clearWithCode",
  "returnFailed",
  "returnLocked",
  "counter",
  "tooLong",
] as const;

/** The most a person can send at once; the core keeps this much (see core/conversation/dispatch.ts). */
export const MAX_MESSAGE_CHARS = 4000;

export interface ChatPageProps {
  locale: "vi" | "en";
  t: Translate;
  /** The session's token (guard.ts): the page sends it with every request that changes something. */
  token: string;
  idleHours: number;
  /** Where "leave quickly" goes. */
  exitUrl: string;
}

/** ?lang= first, then the person's language in the chat, then the browser's (Accept-Language), else Vietnamese. */
export function pageLocale(query: string | undefined, personLocale: string | undefined, acceptLanguage?: string): "vi" | "en" {
  const chosen = matchLocale(query) ?? matchLocale(personLocale) ?? matchLocale(preferredLanguage(acceptLanguage));
  return chosen === "en" ? "en" : "vi";
}

export function ChatPage(props: ChatPageProps) {
  const { locale, t } = props;
  const strings = {
    ...Object.fromEntries(CLIENT_KEYS.map((k) => [k, t(locale, `common:web.${k}`)])),
    token: props.token,
    exitUrl: props.exitUrl,
    max: MAX_MESSAGE_CHARS,
  };
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{t(locale, "common:web.title")}</title>
        <style>{raw(STYLE)}</style>
      </head>
      <body>
        <header>
          <h1>{t(locale, "common:service.name")}</h1>
          <p class="welcome-only">{t(locale, "common:web.intro")}</p>
          <p>
            <a href={locale === "vi" ? "/?lang=en" : "/?lang=vi"} lang={locale === "vi" ? "en" : "vi"} class="lang">
              {locale === "vi" ? "English" : "Tiếng Việt"}
            </a>
          </p>
        </header>
        <div class="safety">
          <button type="button" id="leave" title={t(locale, "common:web.leaveHint")}>
            {t(locale, "common:web.leave")}
          </button>
          <button type="button" id="clear">
            {t(locale, "common:web.clear")}
          </button>
          <p class="safety-line welcome-only">{t(locale, "common:web.safetyLine", { hours: props.idleHours })}</p>
        </div>
        <div id="clear-panel" class="panel" role="dialog" aria-labelledby="clear-text" hidden>
          <p id="clear-text">{t(locale, "common:web.clearConfirm")}</p>
          <div id="clear-code" hidden>
            <p id="clear-code-text"></p>
            <p class="code" id="clear-code-value"></p>
          </div>
          <button type="button" id="clear-now" class="danger">
            {t(locale, "common:web.clearNow")}
          </button>
          <button type="button" id="clear-cancel">
            {t(locale, "common:web.cancel")}
          </button>
        </div>
        <p class="emergency" role="note">
          {t(locale, "common:web.emergencyBar")}
        </p>
        <details class="privacy">
          <summary>{t(locale, "common:web.privacySummary")}</summary>
          <p>{t(locale, "common:web.privacy")}</p>
        </details>
        <details class="privacy return welcome-only">
          <summary>{t(locale, "common:web.returnSummary")}</summary>
          <form id="return-form" autocomplete="off">
            <input
              id="return-handle"
              name="handle"
              maxlength={12}
              aria-label={t(locale, "common:web.returnHandle")}
              placeholder={t(locale, "common:web.returnHandle")}
            />
            <input
              id="return-code"
              name="code"
              inputmode="numeric"
              maxlength={20}
              aria-label={t(locale, "common:web.returnCode")}
              placeholder={t(locale, "common:web.returnCode")}
            />
            <button type="submit">{t(locale, "common:web.returnSubmit")}</button>
          </form>
          <p id="return-status" role="status"></p>
        </details>
        <main id="log" role="log" aria-live="polite" aria-relevant="additions" tabindex={-1}></main>
        <p id="status" class="status" role="status">
          {t(locale, "common:web.connecting")}
        </p>
        <noscript>
          <p class="status">{t(locale, "common:web.noscript")}</p>
        </noscript>
        <form id="composer" autocomplete="off">
          <label for="text" class="sr-only">
            {t(locale, "common:web.inputLabel")}
          </label>
          <textarea id="text" name="text" rows={1} aria-describedby="counter" placeholder={t(locale, "common:web.placeholder")}></textarea>
          <button type="submit">{t(locale, "common:web.send")}</button>
        </form>
        <p id="counter" class="counter" aria-live="polite"></p>
        <script id="strings" type="application/json">
          {raw(JSON.stringify(strings).replace(/</g, "\\u003c"))}
        </script>
        <script src="/chat.js" defer></script>
      </body>
    </html>
  );
}
