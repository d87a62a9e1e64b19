// The signed-in staff member's own settings: on duty (pinged for urgent cases) and the Telegram link.
import { BASE, type ConsoleVars } from "../context.ts";
import type { StaffRecord } from "../../core/ports.ts";
import type { TelegramLinkOffer } from "../../core/staff/create-telegram-link.ts";
import { TELEGRAM_CODE_TTL_MS } from "../../core/staff/telegram-code.ts";
import { CsrfField, Flash, Layout } from "./layout.tsx";

type V = Pick<ConsoleVars, "t" | "lang" | "csrf" | "staff">;

export interface MePageProps {
  v: V;
  me: StaffRecord;
  /** False when no messenger is configured: the page says pings are off. */
  messenger: boolean;
  offer?: TelegramLinkOffer;
  ok?: string;
  err?: string;
}

function PostButton(props: { v: V; action: string; label: string; name?: string; value?: string; secondary?: boolean }) {
  return (
    <form method="post" action={`${BASE}/me/${props.action}`} class="inline">
      <CsrfField csrf={props.v.csrf} />
      {props.name ? <input type="hidden" name={props.name} value={props.value ?? ""} /> : null}
      <button type="submit" class={props.secondary ? "secondary" : undefined}>
        {props.label}
      </button>
    </form>
  );
}

function LinkOffer(props: { v: V; offer: TelegramLinkOffer }) {
  const { t } = props.v;
  return (
    <div class="card" role="status">
      {props.offer.deepLink ? (
        <p>
          {t("me.openLink")}{" "}
          <a href={props.offer.deepLink} rel="noopener noreferrer" target="_blank">
            {props.offer.deepLink}
          </a>
        </p>
      ) : null}
      <label for="tg-command">{t("me.sendCommand")}</label>
      <input id="tg-command" type="text" readonly value={props.offer.command} />
      <p class="muted">{t("me.codeExpires", { minutes: TELEGRAM_CODE_TTL_MS / 60_000 })}</p>
    </div>
  );
}

export function MePage(props: MePageProps) {
  const { t } = props.v;
  const { me } = props;
  return (
    <Layout v={props.v} title={t("me.title")} path={`${BASE}/me`}>
      <h1>{t("me.title")}</h1>
      <Flash t={t} ok={props.ok} err={props.err} />
      <section class="card" aria-labelledby="duty">
        <h2 id="duty" style="margin-top:0">
          {t("me.dutyTitle")}
        </h2>
        <p>{t(me.onDuty ? "me.onDutyNow" : "me.offDutyNow")}</p>
        <PostButton
          v={props.v}
          action="duty"
          name="onDuty"
          value={me.onDuty ? "0" : "1"}
          label={t(me.onDuty ? "me.goOffDuty" : "me.goOnDuty")}
          secondary={me.onDuty}
        />
      </section>
      <section class="card" aria-labelledby="telegram">
        <h2 id="telegram" style="margin-top:0">
          {t("me.telegramTitle")}
        </h2>
        {!props.messenger ? (
          <p class="muted">{t("me.telegramOff")}</p>
        ) : (
          <>
            <p>{t(me.telegramLinked ? "me.linked" : "me.notLinked")}</p>
            <p class="muted">{t("me.pingExplained")}</p>
            {props.offer ? <LinkOffer v={props.v} offer={props.offer} /> : null}
            <PostButton v={props.v} action="telegram/link" label={t(me.telegramLinked ? "me.relink" : "me.link")} />{" "}
            {me.telegramLinked ? <PostButton v={props.v} action="telegram/unlink" label={t("me.unlink")} secondary /> : null}
          </>
        )}
      </section>
    </Layout>
  );
}
