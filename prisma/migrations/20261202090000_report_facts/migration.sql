-- CreateTable
CREATE TABLE "ReportFact" (
    "id" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "provinceCode" INTEGER,
    "wardCode" INTEGER,
    "dims" JSONB NOT NULL DEFAULT '{}',
    "value" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "sourceKey" TEXT,

    CONSTRAINT "ReportFact_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReportFact_kind_at_idx" ON "ReportFact"("kind", "at");

-- CreateIndex
CREATE INDEX "ReportFact_provinceCode_kind_at_idx" ON "ReportFact"("provinceCode", "kind", "at");

-- CreateIndex
CREATE UNIQUE INDEX "ReportFact_kind_sourceKey_key" ON "ReportFact"("kind", "sourceKey");

