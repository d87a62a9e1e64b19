-- CreateEnum
CREATE TYPE "ServiceStatus" AS ENUM ('active', 'inactive', 'defunct', 'temporarily_closed');

-- CreateTable
CREATE TABLE "DirectoryOrganization" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "website" TEXT,
    "email" TEXT,
    "isSample" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DirectoryOrganization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DirectoryService" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "organizationId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "descriptionVi" TEXT NOT NULL DEFAULT '',
    "descriptionEn" TEXT NOT NULL DEFAULT '',
    "eligibility" TEXT NOT NULL DEFAULT '',
    "minAge" INTEGER,
    "maxAge" INTEGER,
    "cost" TEXT NOT NULL DEFAULT 'free',
    "costNote" TEXT NOT NULL DEFAULT '',
    "languages" TEXT[] DEFAULT ARRAY['vi']::TEXT[],
    "confidential" BOOLEAN NOT NULL DEFAULT false,
    "status" "ServiceStatus" NOT NULL DEFAULT 'active',
    "takingReferrals" BOOLEAN NOT NULL DEFAULT true,
    "schedule" TEXT NOT NULL DEFAULT '',
    "phone" TEXT NOT NULL DEFAULT '',
    "zalo" TEXT NOT NULL DEFAULT '',
    "followUpDays" INTEGER,
    "lastConfirmedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "isSample" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DirectoryService_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DirectoryLocation" (
    "id" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "address" TEXT NOT NULL DEFAULT '',
    "provinceCode" INTEGER,
    "wardCode" INTEGER,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,

    CONSTRAINT "DirectoryLocation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DirectoryServiceArea" (
    "id" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "scope" TEXT NOT NULL,
    "provinceCode" INTEGER,
    "wardCode" INTEGER,

    CONSTRAINT "DirectoryServiceArea_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Referral" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "caseId" UUID,
    "serviceId" UUID NOT NULL,
    "status" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "provinceCode" INTEGER,
    "noteEnc" TEXT,
    "acceptedAt" TIMESTAMP(3),
    "followUpAttempts" INTEGER NOT NULL DEFAULT 0,
    "nextFollowUpAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Referral_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReferralEvent" (
    "id" UUID NOT NULL,
    "referralId" UUID NOT NULL,
    "status" TEXT NOT NULL,
    "actorKind" TEXT NOT NULL,
    "actorId" UUID,
    "reason" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReferralEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DirectoryOrganization_name_key" ON "DirectoryOrganization"("name");

-- CreateIndex
CREATE UNIQUE INDEX "DirectoryService_code_key" ON "DirectoryService"("code");

-- CreateIndex
CREATE INDEX "DirectoryService_kind_status_idx" ON "DirectoryService"("kind", "status");

-- CreateIndex
CREATE INDEX "DirectoryLocation_serviceId_idx" ON "DirectoryLocation"("serviceId");

-- CreateIndex
CREATE INDEX "DirectoryServiceArea_serviceId_idx" ON "DirectoryServiceArea"("serviceId");

-- CreateIndex
CREATE INDEX "DirectoryServiceArea_provinceCode_idx" ON "DirectoryServiceArea"("provinceCode");

-- CreateIndex
CREATE INDEX "DirectoryServiceArea_wardCode_idx" ON "DirectoryServiceArea"("wardCode");

-- CreateIndex
CREATE INDEX "Referral_personId_createdAt_idx" ON "Referral"("personId", "createdAt");

-- CreateIndex
CREATE INDEX "Referral_caseId_idx" ON "Referral"("caseId");

-- CreateIndex
CREATE INDEX "Referral_serviceId_status_idx" ON "Referral"("serviceId", "status");

-- CreateIndex
CREATE INDEX "Referral_nextFollowUpAt_idx" ON "Referral"("nextFollowUpAt");

-- CreateIndex
CREATE INDEX "ReferralEvent_referralId_at_idx" ON "ReferralEvent"("referralId", "at");

-- AddForeignKey
ALTER TABLE "DirectoryService" ADD CONSTRAINT "DirectoryService_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "DirectoryOrganization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DirectoryLocation" ADD CONSTRAINT "DirectoryLocation_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "DirectoryService"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DirectoryServiceArea" ADD CONSTRAINT "DirectoryServiceArea_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "DirectoryService"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "DirectoryService"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReferralEvent" ADD CONSTRAINT "ReferralEvent_referralId_fkey" FOREIGN KEY ("referralId") REFERENCES "Referral"("id") ON DELETE CASCADE ON UPDATE CASCADE;

