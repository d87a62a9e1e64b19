// Clubs in the console: list, create and change (name, kind, province, a new join code, deactivate;
// admins, and supervisors in their provinces), leaders, a club's
// members and meetings, and meetings: create, change, cancel (each announced to members through the
// bulk lane), the RSVP list and its live part. Club leaders see only the clubs they lead; anyone else
// gets "not found" for a club outside their scope. Every form is checked with zod.
import { Hono } from "hono";
import { z } from "zod";
import { cancelMeeting, changeMeeting, createMeeting, type MeetingDeps } from "../../core/clubs/announce-meeting.ts";
import { canManageClubs, canRunClub, canUseClubs, clubListScope } from "../../core/clubs/club-access.ts";
import { clubStartPayload, generateJoinCode } from "../../core/clubs/join-code.ts";
import { parseLocalDateTime } from "../../core/clubs/meeting-time.ts";
import { CLUB_KINDS, type ClubRecord, type MeetingInput, type StaffRecord } from "../../core/ports.ts";
import { me, render, type ConsoleContext, type ConsoleEnv } from "../context.ts";
import type { ConsoleDeps } from "../deps.ts";
import { MessagePage } from "../views/auth-pages.tsx";
import { CLUBS, ClubListPage, ClubPage } from "../views/club-pages.tsx";
import { MeetingPage, RsvpPanel, type MeetingFormValues } from "../views/meeting-pages.tsx";
import { flashFrom, formFields, formList, redirectWith } from "./helpers.ts";

const uuid = z.string().uuid();
const clubForm = z.object({
  name: z.string().trim().min(1, "name").max(120, "name"),
  kind: z.enum(CLUB_KINDS, { message: "kind" }),
  province: z.coerce.number({ message: "province" }).int("province").positive("province"),
});
const meetingForm = z.object({
  date: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "date"),
  time: z
    .string()
    .trim()
    .regex(/^\d{2}:\d{2}$/, "time"),
  place: z.string().trim().min(1, "place").max(200, "place"),
  agendaVi: z.string().trim().max(1000, "agenda").default(""),
  agendaEn: z.string().trim().max(1000, "agenda").default(""),
});
const MEETINGS_SHOWN = 50;
const JOIN_CODE_TRIES = 5;

/** The meeting form checked: its input, or the error codes to show (a past or impossible date among them). */
export function checkMeetingForm(fields: Record<string, string>, now: Date): { ok: true; input: MeetingInput } | { ok: false; errors: string[] } {
  const parsed = meetingForm.safeParse(fields);
  if (!parsed.success) return { ok: false, errors: [...new Set(parsed.error.issues.map((i) => i.message))] };
  const startsAt = parseLocalDateTime(parsed.data.date, parsed.data.time);
  if (!startsAt) return { ok: false, errors: ["impossibleDate"] };
  if (startsAt.getTime() <= now.getTime()) return { ok: false, errors: ["pastDate"] };
  const { place, agendaVi, agendaEn } = parsed.data;
  return { ok: true, input: { startsAt, place, agendaVi, agendaEn } };
}

const formValues = (f: Record<string, string>): MeetingFormValues => ({
  date: f.date ?? "",
  time: f.time ?? "",
  place: f.place ?? "",
  agendaVi: f.agendaVi ?? "",
  agendaEn: f.agendaEn ?? "",
});

export function createClubRoutes(d: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const meetingDeps: MeetingDeps = {
    stores: d.stores,
    clock: d.clock,
    logger: d.logger.child({ component: "clubs" }),
    t: (locale, key, vars) => d.translator.t(locale, key, vars),
    enqueue: (input) => d.engine.enqueue(input),
  };
  const notFound = (c: ConsoleContext) => render(c, <MessagePage v={c.var} title={c.var.t("errors.notFoundTitle")} text={c.var.t("errors.not_found")} />, 404);

  /** The club when the signed-in staff member may run it; null otherwise (answered as "not found"). */
  async function visibleClub(c: ConsoleContext): Promise<ClubRecord | null> {
    const id = uuid.safeParse(c.req.param("id"));
    const club = id.success ? await d.stores.clubs.getClub(id.data) : null;
    if (!club) return null;
    const staff = me(c);
    return canRunClub(staff, club, staff.role === "club_leader" ? await d.stores.clubs.clubsLedBy(staff.id) : []) ? club : null;
  }
  async function visibleMeeting(c: ConsoleContext) {
    const club = await visibleClub(c);
    const id = uuid.safeParse(c.req.param("mid"));
    const meeting = club && id.success ? await d.stores.clubs.getMeeting(id.data) : null;
    return club && meeting && meeting.clubId === club.id ? { club, meeting } : null;
  }
  const provincesFor = (staff: StaffRecord) =>
    d.areas.provinces.filter((p) => staff.role === "admin" || staff.provinceCodes.includes(p.code)).map((p) => ({ code: p.code, name: p.name }));

  async function listPage(c: ConsoleContext, extra: { errors?: string[] } = {}, status: 200 | 422 = 200) {
    const staff = me(c);
    const led = staff.role === "club_leader" ? await d.stores.clubs.clubsLedBy(staff.id) : [];
    const clubs = await d.stores.clubs.listClubs(clubListScope(staff, led));
    const provinces = canManageClubs(staff) ? provincesFor(staff) : null;
    return render(c, <ClubListPage v={c.var} clubs={clubs} areas={d.areas} provinces={provinces} {...flashFrom(c)} {...extra} />, status);
  }

  async function clubPage(
    c: ConsoleContext,
    club: ClubRecord,
    extra: { form?: MeetingFormValues; errors?: string[]; editErrors?: string[] } = {},
    status: 200 | 422 = 200,
  ) {
    const staff = me(c);
    const [members, meetings] = [await d.stores.clubs.listMembers(club.id), await d.stores.clubs.listMeetings(club.id, MEETINGS_SHOWN)];
    const leaderChoices = canManageClubs(staff) ? (await d.stores.staff.listStaff()).filter((s) => s.role === "club_leader" && s.active) : null;
    const bot = d.messenger?.botUsername() ?? null;
    const deepLink = bot ? `https://t.me/${bot}?start=${clubStartPayload(club.joinCode)}` : null;
    return render(
      c,
      <ClubPage
        v={c.var}
        club={club}
        areas={d.areas}
        members={members}
        meetings={meetings}
        deepLink={deepLink}
        leaderChoices={leaderChoices}
        provinces={canManageClubs(staff) ? provincesFor(staff) : null}
        {...flashFrom(c)}
        {...extra}
      />,
      status,
    );
  }

  async function meetingPage(
    c: ConsoleContext,
    found: NonNullable<Awaited<ReturnType<typeof visibleMeeting>>>,
    extra: { form?: MeetingFormValues; errors?: string[] } = {},
    status: 200 | 422 = 200,
  ) {
    const [rsvps, signature] = [await d.stores.clubs.listRsvps(found.meeting.id), await d.stores.clubs.rsvpSignature(found.meeting.id)];
    return render(
      c,
      <MeetingPage v={c.var} club={found.club} meeting={found.meeting} rsvps={rsvps} signature={signature} {...flashFrom(c)} {...extra} />,
      status,
    );
  }

  app.use("/clubs", async (c, next) => (canUseClubs(me(c)) ? next() : notFound(c)));
  app.use("/clubs/*", async (c, next) => (canUseClubs(me(c)) ? next() : notFound(c)));

  app.get("/clubs", (c) => listPage(c));

  app.post("/clubs", async (c) => {
    const staff = me(c);
    if (!canManageClubs(staff)) return notFound(c);
    const parsed = clubForm.safeParse(await formFields(c));
    if (!parsed.success) return listPage(c, { errors: [...new Set(parsed.error.issues.map((i) => i.message))] }, 422);
    const { name, kind, province } = parsed.data;
    if (!provincesFor(staff).some((p) => p.code === province)) return listPage(c, { errors: ["province"] }, 422);
    const joinCode = await freshJoinCode();
    if (!joinCode) return redirectWith(c, CLUBS, { err: "generic" });
    const club = await d.stores.clubs.createClub({ name, kind, provinceCode: province, wardCode: null, joinCode });
    await d.stores.audit.record({ actorId: staff.id, action: "club.create", targetId: club.id }, d.clock.now());
    return redirectWith(c, `${CLUBS}/${club.id}`, { ok: "saved" });
  });

  app.get("/clubs/:id", async (c) => {
    const club = await visibleClub(c);
    return club ? clubPage(c, club) : notFound(c);
  });

  /** The club when the signed-in staff member may manage it (admins; supervisors in its province). */
  async function managedClub(c: ConsoleContext): Promise<ClubRecord | null> {
    const club = await visibleClub(c);
    return club && canManageClubs(me(c)) ? club : null;
  }

  /** A join code no other club has; null after a few clashes (practically never). */
  async function freshJoinCode(): Promise<string | null> {
    for (let i = 0; i < JOIN_CODE_TRIES; i++) {
      const code = generateJoinCode();
      if (!(await d.stores.clubs.joinCodeTaken(code))) return code;
    }
    return null;
  }

  app.post("/clubs/:id/edit", async (c) => {
    const club = await managedClub(c);
    if (!club) return notFound(c);
    const staff = me(c);
    const parsed = clubForm.safeParse(await formFields(c));
    if (!parsed.success) return clubPage(c, club, { editErrors: [...new Set(parsed.error.issues.map((i) => i.message))] }, 422);
    if (!provincesFor(staff).some((p) => p.code === parsed.data.province)) return clubPage(c, club, { editErrors: ["province"] }, 422);
    const { name, kind, province } = parsed.data;
    await d.stores.clubs.updateClub(club.id, { name, kind, provinceCode: province, ...(province === club.provinceCode ? {} : { wardCode: null }) });
    await d.stores.audit.record({ actorId: staff.id, action: "club.update", targetId: club.id }, d.clock.now());
    return redirectWith(c, `${CLUBS}/${club.id}`, { ok: "saved" });
  });

  // A new join code when the old one went where it should not: the old code and link stop working at once.
  app.post("/clubs/:id/code", async (c) => {
    const club = await managedClub(c);
    if (!club) return notFound(c);
    const joinCode = await freshJoinCode();
    if (!joinCode) return redirectWith(c, `${CLUBS}/${club.id}`, { err: "generic" });
    await d.stores.clubs.updateClub(club.id, { joinCode });
    await d.stores.audit.record({ actorId: me(c).id, action: "club.code", targetId: club.id }, d.clock.now());
    return redirectWith(c, `${CLUBS}/${club.id}`, { ok: "saved" });
  });

  // Deactivating keeps members, meetings and attendance; nobody can join, no meeting can be planned, and
  // the club leaves the "clubs not met" alert. Reactivating undoes it.
  app.post("/clubs/:id/active", async (c) => {
    const club = await managedClub(c);
    if (!club) return notFound(c);
    const active = (await formFields(c)).active === "1";
    await d.stores.clubs.updateClub(club.id, { active });
    await d.stores.audit.record({ actorId: me(c).id, action: active ? "club.active" : "club.inactive", targetId: club.id }, d.clock.now());
    return redirectWith(c, `${CLUBS}/${club.id}`, { ok: "saved" });
  });

  app.post("/clubs/:id/leaders", async (c) => {
    const club = await visibleClub(c);
    const staff = me(c);
    if (!club || !canManageClubs(staff)) return notFound(c);
    const leaders = new Set((await d.stores.staff.listStaff()).filter((s) => s.role === "club_leader").map((s) => s.id));
    const chosen = (await formList(c, "leader")).filter((id) => leaders.has(id));
    await d.stores.clubs.setLeaders(club.id, chosen);
    await d.stores.audit.record({ actorId: staff.id, action: "club.leaders", targetId: club.id, details: { count: chosen.length } }, d.clock.now());
    return redirectWith(c, `${CLUBS}/${club.id}`, { ok: "saved" });
  });

  app.post("/clubs/:id/meetings", async (c) => {
    const club = await visibleClub(c);
    if (!club) return notFound(c);
    const fields = await formFields(c);
    const checked: ReturnType<typeof checkMeetingForm> = club.active ? checkMeetingForm(fields, d.clock.now()) : { ok: false, errors: ["inactive"] };
    if (!checked.ok) {
      d.logger.info({ club: club.id, errors: checked.errors }, "meeting form refused");
      return clubPage(c, club, { form: formValues(fields), errors: checked.errors }, 422);
    }
    const { meeting, sent } = await createMeeting(meetingDeps, { ...checked.input, clubId: club.id, createdById: me(c).id });
    await d.stores.audit.record({ actorId: me(c).id, action: "meeting.create", targetId: meeting.id, details: { notices: sent } }, d.clock.now());
    return redirectWith(c, `${CLUBS}/${club.id}/meetings/${meeting.id}`, { ok: "saved" });
  });

  app.get("/clubs/:id/meetings/:mid", async (c) => {
    const found = await visibleMeeting(c);
    return found ? meetingPage(c, found) : notFound(c);
  });

  // The live part: 204 while the RSVPs are as the page shows them (same signature), else the panel.
  app.get("/clubs/:id/meetings/:mid/live", async (c) => {
    const found = await visibleMeeting(c);
    if (!found) return notFound(c);
    const signature = await d.stores.clubs.rsvpSignature(found.meeting.id);
    if (c.req.query("sig") === signature) return c.body(null, 204);
    const rsvps = await d.stores.clubs.listRsvps(found.meeting.id);
    return render(c, <RsvpPanel v={c.var} rsvps={rsvps} signature={signature} />);
  });

  app.post("/clubs/:id/meetings/:mid", async (c) => {
    const found = await visibleMeeting(c);
    if (!found) return notFound(c);
    const fields = await formFields(c);
    const checked = checkMeetingForm(fields, d.clock.now());
    if (!checked.ok) return meetingPage(c, found, { form: formValues(fields), errors: checked.errors }, 422);
    const changed = await changeMeeting(meetingDeps, found.meeting, checked.input);
    if (changed)
      await d.stores.audit.record(
        { actorId: me(c).id, action: "meeting.change", targetId: found.meeting.id, details: { notices: changed.sent } },
        d.clock.now(),
      );
    const path = `${CLUBS}/${found.club.id}/meetings/${found.meeting.id}`;
    return redirectWith(c, path, changed ? { ok: "saved" } : { err: "closed" });
  });

  app.post("/clubs/:id/meetings/:mid/cancel", async (c) => {
    const found = await visibleMeeting(c);
    if (!found) return notFound(c);
    const done = await cancelMeeting(meetingDeps, found.meeting);
    if (done) await d.stores.audit.record({ actorId: me(c).id, action: "meeting.cancel", targetId: found.meeting.id }, d.clock.now());
    return redirectWith(c, `${CLUBS}/${found.club.id}/meetings/${found.meeting.id}`, done ? { ok: "saved" } : { err: "closed" });
  });

  return app;
}
