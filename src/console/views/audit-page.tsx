// Admin: the latest console actions across all cases and accounts (sign-ins, staff changes, case work).
import { BASE, type ConsoleVars } from "../context.ts";
import type { AuditRecord } from "../../core/ports.ts";
import { AuditTrail } from "./case-sections.tsx";
import { Layout } from "./layout.tsx";

type V = Pick<ConsoleVars, "t" | "lang" | "csrf" | "staff">;

export function AuditPage(props: { v: V; rows: AuditRecord[] }) {
  return (
    <Layout v={props.v} title={props.v.t("audit.title")} path={`${BASE}/audit`}>
      <h1>{props.v.t("audit.title")}</h1>
      <p class="muted">{props.v.t("audit.latest", { n: props.rows.length })}</p>
      <AuditTrail v={props.v} rows={props.rows} showCase />
    </Layout>
  );
}
