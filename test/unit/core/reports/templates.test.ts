// Indicator templates are data checked at start: the shipped ones load; a broken one stops the start
// with one line naming the template and the indicator's code.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadTemplates, parseTemplate, TEMPLATES_DIR } from "../../../../src/core/reports/load-templates.ts";
import { startErrorLine } from "../../../../src/shared/errors/start-errors.ts";
import { isAppError } from "../../../../src/shared/errors/app-error.ts";

const shipped = (id: string): unknown => JSON.parse(fs.readFileSync(path.join(TEMPLATES_DIR, `${id}.json`), "utf8"));

function brokenCopy(mutate: (t: { sections: Array<{ indicators: Array<Record<string, unknown>> }> }) => void): unknown {
  const t = structuredClone(shipped("general")) as { sections: Array<{ indicators: Array<Record<string, unknown>> }> };
  mutate(t);
  return t;
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(isAppError(error) && error.code).toBe("invalid_config");
    return (error as Error).message;
  }
  throw new Error("expected a rejection");
}

describe("report templates", () => {
  it("ships a general and a nine-month template with unique codes and both languages", () => {
    const templates = loadTemplates();
    expect(templates.map((t) => t.id)).toEqual(["general", "nine-month"]);
    const nine = templates[1]!.sections.flatMap((s) => s.indicators.map((i) => i.code));
    expect(nine).toEqual([
      "NM_SESSIONS",
      "NM_PARTICIPANTS",
      "NM_OUTREACH",
      "NM_AFTERCARE_REQUESTS",
      "NM_AFTERCARE_SUPPORTED",
      "NM_LOANS",
      "NM_LOAN_AMOUNT",
      "NM_JOB_INTRODUCTIONS",
    ]);
  });

  it("names the indicator whose query uses a dimension its fact kind does not have", () => {
    const raw = brokenCopy((t) => {
      t.sections[1]!.indicators[0]!.query = { kind: "case.opened", measure: "sum", by: "serviceKind" };
    });
    expect(messageOf(() => parseTemplate(raw, "general.json"))).toBe(
      'report template "general" (general.json) is broken: indicator CASES_BY_CONCERN: case.opened has no dimension "serviceKind" (sections.1.indicators.0.query)',
    );
  });

  it("names the indicator with an unknown measure or fact kind, and a missing label", () => {
    const raw = brokenCopy((t) => {
      (t.sections[0]!.indicators[1]!.query as Record<string, unknown>).measure = "average";
      (t.sections[2]!.indicators[0]!.query as Record<string, unknown>).kind = "case.reopened";
      delete (t.sections[3]!.indicators[0]!.labels as Record<string, unknown>).en;
    });
    const message = messageOf(() => parseTemplate(raw, "general.json"));
    expect(message).toContain("indicator REQUESTS_ANSWERED:");
    expect(message).toContain("indicator CRISIS_CASES:");
    expect(message).toContain("indicator REFERRALS_OFFERED:");
  });

  it("names the indicator that filters on a value its dimension never has (a typo would count nothing)", () => {
    const raw = brokenCopy((t) => {
      (t.sections[3]!.indicators[1]!.query as { where: Record<string, unknown> }).where = { status: "atended" };
    });
    expect(messageOf(() => parseTemplate(raw, "general.json"))).toBe(
      'report template "general" (general.json) is broken: indicator REFERRALS_ATTENDED: "atended" is not a status (one of: offered, accepted, contacted, attended, declined, could_not_contact, not_eligible, no_capacity, no_longer_needed, expired) (sections.3.indicators.1.query)',
    );
  });

  it("rejects a code used twice and a malformed code, naming them", () => {
    const twice = brokenCopy((t) => {
      t.sections[1]!.indicators[1]!.code = "CASES_BY_CONCERN";
    });
    expect(messageOf(() => parseTemplate(twice, "x.json"))).toContain("indicator CASES_BY_CONCERN: the code is used twice");
    const lower = brokenCopy((t) => {
      t.sections[0]!.indicators[0]!.code = "requests received";
    });
    expect(messageOf(() => parseTemplate(lower, "x.json"))).toContain("indicator requests received: a code is A–Z");
  });

  it("fails the start with one line naming the file, template and code", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "templates-"));
    try {
      fs.writeFileSync(path.join(dir, "a.json"), JSON.stringify(shipped("nine-month")));
      const raw = brokenCopy((t) => {
        (t.sections[4]!.indicators[3]!.query as Record<string, unknown>).by = "club";
      });
      fs.writeFileSync(path.join(dir, "b.json"), JSON.stringify(raw));
      let caught: unknown;
      try {
        loadTemplates(dir);
      } catch (error) {
        caught = error;
      }
      expect(startErrorLine(caught)).toBe(
        'Cannot start: report template "general" (b.json) is broken: indicator CLUBS_NOT_MET: measure "clubs_without_meeting" works on meeting.held without "by" (sections.4.indicators.3.query)',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
