// Conversation state per person: the flow, its step and data, and the menu on screen.
import type { ConversationStore, MenuState } from "../core/ports.ts";
import { Prisma, type PrismaClient } from "./generated/client.ts";

export function createConversationStore(prisma: PrismaClient): Omit<ConversationStore, "openTurn" | "closeTurn"> {
  return {
    async getConversation(personId) {
      const row = await prisma.conversation.findUnique({ where: { personId } });
      if (!row) return null;
      return {
        flow: row.flow,
        step: row.step,
        data: (row.data ?? {}) as Record<string, unknown>,
        menu: (row.menu ?? null) as MenuState | null,
        menuSeq: row.menuSeq,
        updatedAt: row.updatedAt,
      };
    },
    async saveConversation(personId, state) {
      const fields = {
        flow: state.flow,
        step: state.step,
        data: state.data as Prisma.InputJsonObject,
        menu: state.menu === null ? Prisma.DbNull : (state.menu as unknown as Prisma.InputJsonObject),
        menuSeq: state.menuSeq,
      };
      await prisma.conversation.upsert({ where: { personId }, create: { personId, ...fields }, update: fields });
    },
    async resetStaleConversations(flow, before) {
      const result = await prisma.conversation.updateMany({
        where: { flow, updatedAt: { lt: before } },
        data: { flow: "menu", step: "idle", data: {}, menu: Prisma.DbNull, menuSeq: { increment: 1 } },
      });
      return result.count;
    },
  };
}
