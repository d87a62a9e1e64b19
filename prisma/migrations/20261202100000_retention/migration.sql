-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "removedAfterDays" INTEGER;

-- AlterTable
ALTER TABLE "CaseNote" ADD COLUMN     "removedAfterDays" INTEGER;

-- CreateIndex
CREATE INDEX "Case_status_closedAt_idx" ON "Case"("status", "closedAt");

