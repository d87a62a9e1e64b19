-- DropIndex
DROP INDEX "StaffAlert_caseId_staffId_priority_key";

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "crisisNoticeAt" TIMESTAMP(3),
ADD COLUMN     "crisisPings" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "crisisSince" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "StaffAlert" ADD COLUMN     "round" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Case_status_priority_crisisSince_idx" ON "Case"("status", "priority", "crisisSince");

-- CreateIndex
CREATE UNIQUE INDEX "StaffAlert_caseId_staffId_priority_round_key" ON "StaffAlert"("caseId", "staffId", "priority", "round");


-- Open crisis cases from before escalation existed count from their last message; those older than an hour
-- are treated as already escalated, so a deploy does not ping staff or write to people about old cases.
UPDATE "Case" SET "crisisSince" = "lastPersonMessageAt" WHERE "status" = 'open' AND "priority" = 0;
UPDATE "Case" SET "crisisPings" = 2, "crisisNoticeAt" = CURRENT_TIMESTAMP
  WHERE "status" = 'open' AND "priority" = 0 AND "crisisSince" < CURRENT_TIMESTAMP - INTERVAL '1 hour';
