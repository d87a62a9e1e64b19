// Internal notes on a case (sealed at rest) and the ready answers counsellors insert into replies.
import type { Sealer } from "../shared/crypto/sealer.ts";
import type { CaseNoteStore, ReadyAnswerStore } from "../core/ports.ts";
import type { PrismaClient } from "./generated/client.ts";
import { openOrEmpty } from "./rows.ts";

export function createNoteStore(prisma: PrismaClient, sealer: Sealer): CaseNoteStore {
  const openBody = (enc: string) => openOrEmpty((e) => sealer.open(e), enc);
  return {
    async addNote({ caseId, staffId, body, now }) {
      const row = await prisma.caseNote.create({
        data: { caseId, staffId, bodyEnc: sealer.seal(body), createdAt: now },
        include: { staff: { select: { displayName: true } } },
      });
      return { id: row.id, author: row.staff.displayName, body, createdAt: row.createdAt, removedAfterDays: null };
    },
    async listNotes(caseId) {
      const rows = await prisma.caseNote.findMany({ where: { caseId }, orderBy: { createdAt: "asc" }, include: { staff: { select: { displayName: true } } } });
      return rows.map((r) => ({
        id: r.id,
        author: r.staff.displayName,
        body: openBody(r.bodyEnc),
        createdAt: r.createdAt,
        removedAfterDays: r.removedAfterDays,
      }));
    },
  };
}

export function createReadyAnswerStore(prisma: PrismaClient): ReadyAnswerStore {
  return {
    async listCannedReplies(locale) {
      const rows = await prisma.cannedReply.findMany({ where: locale ? { locale } : {}, orderBy: [{ locale: "asc" }, { title: "asc" }] });
      return rows.map(({ id, locale: l, title, body }) => ({ id, locale: l, title, body }));
    },
    async getCannedReply(id) {
      const row = await prisma.cannedReply.findUnique({ where: { id } });
      return row ? { id: row.id, locale: row.locale, title: row.title, body: row.body } : null;
    },
    async saveCannedReply({ id, ...data }) {
      const row = id ? await prisma.cannedReply.update({ where: { id }, data }) : await prisma.cannedReply.create({ data });
      return { id: row.id, locale: row.locale, title: row.title, body: row.body };
    },
    async addCannedReplies(input) {
      return (await prisma.cannedReply.createMany({ data: input.map(({ locale, title, body }) => ({ locale, title, body })) })).count;
    },
    async deleteCannedReply(id) {
      return (await prisma.cannedReply.deleteMany({ where: { id } })).count > 0;
    },
  };
}
