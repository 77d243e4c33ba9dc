-- CreateEnum
CREATE TYPE "ParticipationStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED');

-- AlterTable
ALTER TABLE "test_sets" ADD COLUMN     "disclosure" JSONB;

-- AlterTable
ALTER TABLE "cases" ADD COLUMN     "atom" INTEGER;

-- AlterTable
ALTER TABLE "phases" ADD COLUMN     "ladderMargin" DOUBLE PRECISION,
ADD COLUMN     "nearDuplicateMinCases" INTEGER NOT NULL DEFAULT 10,
ADD COLUMN     "nearDuplicateMinFraction" DOUBLE PRECISION NOT NULL DEFAULT 0.01,
ADD COLUMN     "requiresApproval" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "scoreDecimals" INTEGER NOT NULL DEFAULT 3;

-- AlterTable
ALTER TABLE "evaluations" ADD COLUMN     "isReleased" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "phase_participants" (
    "id" TEXT NOT NULL,
    "phaseId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "status" "ParticipationStatus" NOT NULL DEFAULT 'PENDING',
    "message" TEXT NOT NULL DEFAULT '',
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionNote" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "phase_participants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "hidden"."prediction_fingerprints" (
    "id" TEXT NOT NULL,
    "submissionId" TEXT NOT NULL,
    "trackId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "caseCount" INTEGER NOT NULL,
    "keys" BYTEA NOT NULL,
    "ranks" BYTEA,
    "channels" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "prediction_fingerprints_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "board_query_log" (
    "id" TEXT NOT NULL,
    "userId" TEXT,
    "benchmarkId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "query" JSONB NOT NULL,
    "outcome" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "board_query_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "phase_participants_phaseId_status_idx" ON "phase_participants"("phaseId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "phase_participants_phaseId_userId_key" ON "phase_participants"("phaseId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "prediction_fingerprints_submissionId_key" ON "hidden"."prediction_fingerprints"("submissionId");

-- CreateIndex
CREATE INDEX "prediction_fingerprints_trackId_teamId_idx" ON "hidden"."prediction_fingerprints"("trackId", "teamId");

-- CreateIndex
CREATE INDEX "prediction_fingerprints_trackId_userId_idx" ON "hidden"."prediction_fingerprints"("trackId", "userId");

-- CreateIndex
CREATE INDEX "board_query_log_benchmarkId_createdAt_idx" ON "board_query_log"("benchmarkId", "createdAt");

-- CreateIndex
CREATE INDEX "board_query_log_userId_createdAt_idx" ON "board_query_log"("userId", "createdAt");

-- AddForeignKey
ALTER TABLE "phase_participants" ADD CONSTRAINT "phase_participants_phaseId_fkey" FOREIGN KEY ("phaseId") REFERENCES "phases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "phase_participants" ADD CONSTRAINT "phase_participants_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "board_query_log" ADD CONSTRAINT "board_query_log_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

