-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "ChannelName" AS ENUM ('webchat', 'telegram', 'zalo');

-- CreateEnum
CREATE TYPE "Direction" AS ENUM ('inbound', 'outbound');

-- CreateEnum
CREATE TYPE "Author" AS ENUM ('person', 'bot', 'counsellor');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('received', 'pending', 'sent', 'failed', 'unreachable');

-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('open', 'closed');

-- CreateTable
CREATE TABLE "Person" (
    "id" UUID NOT NULL,
    "channel" "ChannelName" NOT NULL,
    "channelIdEnc" TEXT NOT NULL,
    "lookupKey" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'vi',
    "reachable" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Conversation" (
    "personId" UUID NOT NULL,
    "flow" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "menu" JSONB,
    "menuSeq" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Conversation_pkey" PRIMARY KEY ("personId")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" UUID NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "personId" UUID NOT NULL,
    "caseId" UUID,
    "channel" "ChannelName" NOT NULL,
    "direction" "Direction" NOT NULL,
    "author" "Author" NOT NULL,
    "kind" TEXT NOT NULL,
    "bodyEnc" TEXT NOT NULL,
    "channelMessageId" TEXT,
    "sentMessageId" TEXT,
    "status" "DeliveryStatus" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Case" (
    "id" UUID NOT NULL,
    "handle" TEXT NOT NULL,
    "personId" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "concern" TEXT NOT NULL,
    "urgency" TEXT NOT NULL,
    "provinceCode" INTEGER,
    "wardCode" INTEGER,
    "priority" INTEGER NOT NULL DEFAULT 2,
    "dangerFlags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" "CaseStatus" NOT NULL DEFAULT 'open',
    "outcome" TEXT,
    "locale" TEXT NOT NULL,
    "channel" "ChannelName" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "lastPersonMessageAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Case_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Person_handle_key" ON "Person"("handle");

-- CreateIndex
CREATE UNIQUE INDEX "Person_channel_lookupKey_key" ON "Person"("channel", "lookupKey");

-- CreateIndex
CREATE INDEX "Conversation_flow_updatedAt_idx" ON "Conversation"("flow", "updatedAt");

-- CreateIndex
CREATE INDEX "Message_personId_seq_idx" ON "Message"("personId", "seq");

-- CreateIndex
CREATE INDEX "Message_caseId_createdAt_idx" ON "Message"("caseId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Message_channel_channelMessageId_key" ON "Message"("channel", "channelMessageId");

-- CreateIndex
CREATE UNIQUE INDEX "Case_handle_key" ON "Case"("handle");

-- CreateIndex
CREATE INDEX "Case_status_priority_lastPersonMessageAt_idx" ON "Case"("status", "priority", "lastPersonMessageAt");

-- CreateIndex
CREATE INDEX "Case_personId_createdAt_idx" ON "Case"("personId", "createdAt");

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

