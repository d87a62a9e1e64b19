-- CreateTable
CREATE TABLE "Club" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "provinceCode" INTEGER NOT NULL,
    "wardCode" INTEGER,
    "joinCode" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Club_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClubLeader" (
    "clubId" UUID NOT NULL,
    "staffId" UUID NOT NULL,

    CONSTRAINT "ClubLeader_pkey" PRIMARY KEY ("clubId","staffId")
);

-- CreateTable
CREATE TABLE "ClubMember" (
    "clubId" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "displayNameEnc" TEXT NOT NULL,
    "consentAt" TIMESTAMP(3) NOT NULL,
    "followUp" BOOLEAN NOT NULL DEFAULT false,
    "joinedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leftAt" TIMESTAMP(3),

    CONSTRAINT "ClubMember_pkey" PRIMARY KEY ("clubId","personId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Club_joinCode_key" ON "Club"("joinCode");

-- CreateIndex
CREATE INDEX "Club_provinceCode_idx" ON "Club"("provinceCode");

-- CreateIndex
CREATE INDEX "ClubLeader_staffId_idx" ON "ClubLeader"("staffId");

-- CreateIndex
CREATE INDEX "ClubMember_personId_idx" ON "ClubMember"("personId");

-- AddForeignKey
ALTER TABLE "ClubLeader" ADD CONSTRAINT "ClubLeader_clubId_fkey" FOREIGN KEY ("clubId") REFERENCES "Club"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClubLeader" ADD CONSTRAINT "ClubLeader_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClubMember" ADD CONSTRAINT "ClubMember_clubId_fkey" FOREIGN KEY ("clubId") REFERENCES "Club"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClubMember" ADD CONSTRAINT "ClubMember_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

