// Matching: the person's commune/ward first, then the whole province, then other wards of it, then national;
// inactive or full services never; other provinces never.
import { describe, expect, it } from "vitest";
import type { ServiceArea, ServiceRecord } from "../../../../src/core/ports.ts";
import { rankServices } from "../../../../src/core/referral/match-services.ts";

const service = (code: string, areas: ServiceArea[], over: Partial<ServiceRecord> = {}): ServiceRecord =>
  ({ id: code, code, status: "active", takingReferrals: true, lastConfirmedAt: new Date(0), areas, locations: [], ...over }) as ServiceRecord;
const ward = (provinceCode: number, wardCode: number): ServiceArea => ({ scope: "ward", provinceCode, wardCode });
const province = (provinceCode: number): ServiceArea => ({ scope: "province", provinceCode, wardCode: null });
const national: ServiceArea = { scope: "national", provinceCode: null, wardCode: null };

describe("rankServices", () => {
  const all = [
    service("national", [national]),
    service("other-ward", [ward(40, 16681)]),
    service("province", [province(40)]),
    service("my-ward", [ward(40, 16702)]),
    service("hanoi", [province(1)]),
    service("closed", [ward(40, 16702)], { status: "temporarily_closed" }),
    service("full", [ward(40, 16702)], { takingReferrals: false }),
  ];

  it("orders nearest first and keeps at most 3", () => {
    expect(rankServices(all, { provinceCode: 40, wardCode: 16702 }).map((s) => s.code)).toEqual(["my-ward", "province", "other-ward"]);
    expect(rankServices(all, { provinceCode: 40, wardCode: 16702 }, 10).map((s) => s.code)).toEqual(["my-ward", "province", "other-ward", "national"]);
  });

  it("without an area offers only national services", () => {
    expect(rankServices(all, { provinceCode: null, wardCode: null }).map((s) => s.code)).toEqual(["national"]);
  });
});
