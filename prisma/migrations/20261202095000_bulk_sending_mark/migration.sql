-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "sendingAt" TIMESTAMP(3);

