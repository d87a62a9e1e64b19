-- DropIndex
DROP INDEX "Case_status_priority_lastPersonMessageAt_idx";

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "waitingSince" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "CaseView" (
    "caseId" UUID NOT NULL,
    "staffId" UUID NOT NULL,
    "seenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CaseView_pkey" PRIMARY KEY ("caseId","staffId")
);

-- CreateIndex
CREATE INDEX "CaseView_staffId_idx" ON "CaseView"("staffId");

-- CreateIndex
CREATE INDEX "Case_status_priority_waitingSince_idx" ON "Case"("status", "priority", "waitingSince");

-- AddForeignKey
ALTER TABLE "CaseView" ADD CONSTRAINT "CaseView_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseView" ADD CONSTRAINT "CaseView_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Existing cases: waiting since the person's first message after the last counsellor reply; since the
-- case opened when no counsellor ever replied; not waiting when a counsellor answered their last message.
UPDATE "Case" c SET "waitingSince" = CASE
  WHEN last_reply."at" IS NULL THEN LEAST(c."createdAt", COALESCE(first_msg."at", c."createdAt"))
  ELSE (SELECT MIN(m."createdAt") FROM "Message" m WHERE m."caseId" = c."id" AND m."author" = 'person' AND m."createdAt" > last_reply."at")
END
FROM "Case" c2
LEFT JOIN LATERAL (SELECT MAX(m."createdAt") AS "at" FROM "Message" m WHERE m."caseId" = c2."id" AND m."author" = 'counsellor') last_reply ON TRUE
LEFT JOIN LATERAL (SELECT MIN(m."createdAt") AS "at" FROM "Message" m WHERE m."caseId" = c2."id" AND m."author" = 'person') first_msg ON TRUE
WHERE c2."id" = c."id";

-- Closed cases wait for nobody; if the person writes again, the wait starts then.
UPDATE "Case" SET "waitingSince" = NULL WHERE "status" = 'closed';
