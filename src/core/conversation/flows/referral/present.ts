// How a service is shown in the chat: name, organisation, kind, where, contacts, hours, cost. A
// confidential place (a shelter) never shows its address: a counsellor shares it.
import type { AdminUnits } from "../../../areas/admin-units.ts";
import type { ServiceRecord } from "../../../ports.ts";
import type { Turn } from "../../turn.ts";

export function serviceCard(turn: Turn, areas: AdminUnits, s: ServiceRecord, n: number): string {
  const loc = s.locations[0];
  const description = turn.locale === "en" ? s.descriptionEn || s.descriptionVi : s.descriptionVi || s.descriptionEn;
  const where = s.areas.some((a) => a.scope === "national")
    ? turn.t("referral:card.national")
    : [...new Set(s.areas.map((a) => (a.wardCode !== null ? areas.ward(a.wardCode)?.name : areas.province(a.provinceCode ?? -1)?.name)))].join(", ");
  const lines = [
    `${n}. ${s.name} — ${s.organization.name}`,
    `${turn.t(`referral:kind.${s.kind}`)} · ${where}`,
    description,
    s.phone ? turn.t("referral:card.phone", { phone: s.phone }) : "",
    s.zalo ? turn.t("referral:card.zalo", { zalo: s.zalo }) : "",
    s.schedule ? turn.t("referral:card.schedule", { schedule: s.schedule }) : "",
    turn.t(`referral:card.cost.${s.cost}`, { note: s.costNote }),
    s.confidential ? turn.t("referral:card.confidential") : loc?.address ? turn.t("referral:card.address", { address: loc.address }) : "",
  ];
  return lines.filter((l) => l.trim() !== "").join("\n");
}

/** "I want to go: <name>" options, one per service shown. */
export function goOptions(turn: Turn, services: readonly Pick<ServiceRecord, "id" | "name">[], prefix: string) {
  return services.map((s, i) => ({ id: `${prefix}${s.id}`, label: turn.t("referral:find.go", { n: i + 1, name: s.name }) }));
}
