// Shared wording for cases: labels from the catalogue, area names, waiting times and dates.
import type { AdminUnits } from "../../core/areas/admin-units.ts";
import type { ConsoleVars } from "../context.ts";
import type { CaseDetail } from "../../core/ports.ts";

type T = ConsoleVars["t"];

export function areaName(areas: AdminUnits, c: Pick<CaseDetail, "provinceCode" | "wardCode">, t: T): string {
  if (c.provinceCode === null) return t("case.noArea");
  const province = areas.province(c.provinceCode)?.name ?? String(c.provinceCode);
  const ward = c.wardCode !== null ? areas.ward(c.wardCode)?.name : undefined;
  return ward ? `${ward}, ${province}` : province;
}

export function waitingTime(from: Date, now: Date, t: T): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - from.getTime()) / 60_000));
  if (minutes < 60) return t("time.minutes", { m: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t("time.hours", { h: hours, m: minutes % 60 });
  return t("time.days", { d: Math.floor(hours / 24), h: hours % 24 });
}

export function dateTime(date: Date, lang: string): string {
  return date.toLocaleString(lang === "vi" ? "vi-VN" : "en-GB", { timeZone: "Asia/Ho_Chi_Minh", dateStyle: "short", timeStyle: "short" });
}

export const priorityKey = (p: number): string => (p <= 0 ? "crisis" : p === 1 ? "high" : "normal");
