// The directory as Open Referral HSDS 3.0-shaped JSON (organization → service → service_at_location,
// location with address, service_area, phone, schedule), for exchange with other directories.
import type { AdminUnits } from "../areas/admin-units.ts";
import type { ServiceRecord } from "./ports.ts";

export function toHsds(services: readonly ServiceRecord[], areas: AdminUnits, exportedAt: Date) {
  const orgs = new Map<string, { id: string; name: string; website: string | null; email: string | null; services: unknown[] }>();
  for (const s of services) {
    const org = orgs.get(s.organizationId) ?? {
      id: s.organizationId,
      name: s.organization.name,
      website: s.organization.website,
      email: s.organization.email,
      services: [],
    };
    orgs.set(s.organizationId, org);
    org.services.push({
      id: s.id,
      name: s.name,
      alternate_name: s.code,
      description: s.descriptionVi || s.descriptionEn,
      status: s.status,
      eligibility_description: s.eligibility,
      minimum_age: s.minAge,
      maximum_age: s.maxAge,
      fees_description: [s.cost, s.costNote].filter(Boolean).join(": "),
      last_modified: s.updatedAt.toISOString(),
      assured_date: s.lastConfirmedAt.toISOString().slice(0, 10),
      attributes: [{ taxonomy_term: { code: s.kind, taxonomy: "ket-noi-an-toan/service-kind" } }],
      languages: s.languages.map((code) => ({ code })),
      capacities: [{ available: s.takingReferrals ? 1 : 0, unit: { name: "taking new referrals" } }],
      phones: s.phone ? [{ number: s.phone }] : [],
      contacts: s.zalo ? [{ name: "Zalo", title: s.zalo }] : [],
      schedules: s.schedule ? [{ description: s.schedule }] : [],
      service_areas: s.areas.map((a) => ({
        name:
          a.scope === "national"
            ? "Viet Nam"
            : a.scope === "province"
              ? (areas.province(a.provinceCode ?? -1)?.name ?? "")
              : (areas.ward(a.wardCode ?? -1)?.name ?? ""),
        extent_type: a.scope,
        extent: a.scope === "ward" ? String(a.wardCode) : a.scope === "province" ? String(a.provinceCode) : "VN",
      })),
      // Confidential places (shelters) are exported without their address.
      service_at_locations: s.locations.map((l) => ({
        location: {
          location_type: "physical",
          addresses: s.confidential ? [] : [{ address_1: l.address, region: areas.province(l.provinceCode ?? -1)?.name ?? "", country: "VN" }],
          latitude: s.confidential ? null : l.latitude,
          longitude: s.confidential ? null : l.longitude,
        },
      })),
    });
  }
  return { hsds_version: "3.0", exported_at: exportedAt.toISOString(), organizations: [...orgs.values()] };
}
