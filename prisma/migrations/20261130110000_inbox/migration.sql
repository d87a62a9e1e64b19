-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "handledAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Message_direction_handledAt_idx" ON "Message"("direction", "handledAt");


-- Messages received before the inbox existed were handled when they were stored.
UPDATE "Message" SET "handledAt" = "createdAt" WHERE "direction" = 'inbound';
