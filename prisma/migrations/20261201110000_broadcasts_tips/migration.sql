-- CreateTable
CREATE TABLE "Broadcast" (
    "id" UUID NOT NULL,
    "createdById" UUID,
    "audience" TEXT NOT NULL,
    "clubId" UUID,
    "provinceCode" INTEGER,
    "bodyVi" TEXT NOT NULL,
    "bodyEn" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "plannedCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "fannedOutAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),

    CONSTRAINT "Broadcast_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BroadcastDelivery" (
    "broadcastId" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "channel" "ChannelName" NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'planned',
    "messageId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BroadcastDelivery_pkey" PRIMARY KEY ("broadcastId","personId")
);

-- CreateTable
CREATE TABLE "TipSubscription" (
    "personId" UUID NOT NULL,
    "provinceCode" INTEGER,
    "cadenceDays" INTEGER NOT NULL DEFAULT 7,
    "tipsSent" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSentAt" TIMESTAMP(3),
    "nextDueAt" TIMESTAMP(3) NOT NULL,
    "unsubscribedAt" TIMESTAMP(3),

    CONSTRAINT "TipSubscription_pkey" PRIMARY KEY ("personId")
);

-- CreateIndex
CREATE INDEX "Broadcast_status_createdAt_idx" ON "Broadcast"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Broadcast_clubId_idx" ON "Broadcast"("clubId");

-- CreateIndex
CREATE INDEX "BroadcastDelivery_broadcastId_status_idx" ON "BroadcastDelivery"("broadcastId", "status");

-- CreateIndex
CREATE INDEX "TipSubscription_unsubscribedAt_nextDueAt_idx" ON "TipSubscription"("unsubscribedAt", "nextDueAt");

-- CreateIndex
CREATE INDEX "TipSubscription_provinceCode_idx" ON "TipSubscription"("provinceCode");

-- AddForeignKey
ALTER TABLE "BroadcastDelivery" ADD CONSTRAINT "BroadcastDelivery_broadcastId_fkey" FOREIGN KEY ("broadcastId") REFERENCES "Broadcast"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BroadcastDelivery" ADD CONSTRAINT "BroadcastDelivery_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TipSubscription" ADD CONSTRAINT "TipSubscription_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

