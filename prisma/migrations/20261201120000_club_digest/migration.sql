-- CreateTable
CREATE TABLE "ClubDigest" (
    "id" UUID NOT NULL,
    "staffId" UUID NOT NULL,
    "week" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClubDigest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ClubDigest_staffId_week_key" ON "ClubDigest"("staffId", "week");

-- AddForeignKey
ALTER TABLE "ClubDigest" ADD CONSTRAINT "ClubDigest_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE CASCADE ON UPDATE CASCADE;

