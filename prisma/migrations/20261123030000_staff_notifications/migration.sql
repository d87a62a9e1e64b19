-- AlterTable
ALTER TABLE "Staff" ADD COLUMN     "onDuty" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "telegramChatEnc" TEXT,
ADD COLUMN     "telegramLinkedAt" TIMESTAMP(3),
ADD COLUMN     "telegramLookup" TEXT;

-- CreateTable
CREATE TABLE "StaffAlert" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "staffId" UUID NOT NULL,
    "priority" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StaffAlert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StaffAlert_staffId_idx" ON "StaffAlert"("staffId");

-- CreateIndex
CREATE UNIQUE INDEX "StaffAlert_caseId_staffId_priority_key" ON "StaffAlert"("caseId", "staffId", "priority");

-- CreateIndex
CREATE UNIQUE INDEX "Staff_telegramLookup_key" ON "Staff"("telegramLookup");

-- AddForeignKey
ALTER TABLE "StaffAlert" ADD CONSTRAINT "StaffAlert_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffAlert" ADD CONSTRAINT "StaffAlert_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE CASCADE ON UPDATE CASCADE;

