-- CreateTable
CREATE TABLE "WebChatReturn" (
    "personId" UUID NOT NULL,
    "codeHash" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebChatReturn_pkey" PRIMARY KEY ("personId")
);

-- AddForeignKey
ALTER TABLE "WebChatReturn" ADD CONSTRAINT "WebChatReturn_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

