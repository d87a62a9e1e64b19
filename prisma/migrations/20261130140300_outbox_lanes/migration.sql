-- CreateEnum
CREATE TYPE "OutboxLane" AS ENUM ('urgent', 'staff', 'bulk');

-- AlterEnum
ALTER TYPE "DeliveryStatus" ADD VALUE 'queued';

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "idempotencyKey" TEXT,
ADD COLUMN     "lane" "OutboxLane" NOT NULL DEFAULT 'urgent';

-- CreateTable
CREATE TABLE "SendBudget" (
    "key" TEXT NOT NULL,
    "tat" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "SendBudget_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Message_idempotencyKey_key" ON "Message"("idempotencyKey");

