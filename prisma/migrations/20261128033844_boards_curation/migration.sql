-- CreateEnum
CREATE TYPE "FinalSelection" AS ENUM ('LATEST', 'BEST', 'CHOSEN');

-- CreateEnum
CREATE TYPE "ModerationState" AS ENUM ('VISIBLE', 'HIDDEN', 'DISQUALIFIED');

-- CreateEnum
CREATE TYPE "RescoreStatus" AS ENUM ('RUNNING', 'DONE');

-- CreateEnum
CREATE TYPE "GroundTruthUploadStatus" AS ENUM ('VALIDATING', 'READY', 'INVALID', 'APPLYING', 'APPLIED', 'SUPERSEDED');

-- AlterTable
ALTER TABLE "benchmarks" ADD COLUMN     "createdById" TEXT,
ADD COLUMN     "minCategorySize" INTEGER NOT NULL DEFAULT 20,
ADD COLUMN     "publishedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "tracks" ADD COLUMN     "description" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "reportedMetrics" JSONB NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "test_sets" ADD COLUMN     "categoryDimensions" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "description" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "rankedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "phases" ADD COLUMN     "finalSelection" "FinalSelection" NOT NULL DEFAULT 'LATEST';

-- AlterTable
ALTER TABLE "submissions" ADD COLUMN     "baselineKind" TEXT,
ADD COLUMN     "isFinalChoice" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "modelSlug" TEXT,
ADD COLUMN     "moderation" "ModerationState" NOT NULL DEFAULT 'VISIBLE',
ADD COLUMN     "moderationReason" TEXT,
ADD COLUMN     "openWeights" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "rank_stats" (
    "id" TEXT NOT NULL,
    "testSetId" TEXT NOT NULL,
    "evaluationId" TEXT NOT NULL,
    "evaluatorVersion" INTEGER NOT NULL,
    "metric" TEXT NOT NULL,
    "rankLow" INTEGER NOT NULL,
    "rankHigh" INTEGER NOT NULL,
    "tier" INTEGER NOT NULL,
    "pBest" DOUBLE PRECISION NOT NULL,
    "entryCount" INTEGER NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rank_stats_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "hidden"."score_replicates" (
    "id" TEXT NOT NULL,
    "evaluationId" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "values" BYTEA NOT NULL,

    CONSTRAINT "score_replicates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "hidden"."case_values" (
    "id" TEXT NOT NULL,
    "evaluationId" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "values" BYTEA NOT NULL,

    CONSTRAINT "case_values_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rescore_runs" (
    "id" TEXT NOT NULL,
    "testSetId" TEXT NOT NULL,
    "evaluatorVersion" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "requestedById" TEXT,
    "total" INTEGER NOT NULL,
    "done" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "status" "RescoreStatus" NOT NULL DEFAULT 'RUNNING',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "rescore_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "benchmark_curators" (
    "benchmarkId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "grantedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "benchmark_curators_pkey" PRIMARY KEY ("benchmarkId","userId")
);

-- CreateTable
CREATE TABLE "reported_entries" (
    "id" TEXT NOT NULL,
    "benchmarkId" TEXT NOT NULL,
    "trackId" TEXT NOT NULL,
    "testSetId" TEXT NOT NULL,
    "modelName" TEXT NOT NULL,
    "modelSlug" TEXT NOT NULL,
    "institution" TEXT,
    "reportedDate" TEXT,
    "sourceUrl" TEXT,
    "modelUrl" TEXT,
    "modelGroup" TEXT,
    "parameterCount" TEXT,
    "openWeights" BOOLEAN,
    "baselineKind" TEXT,
    "moderation" "ModerationState" NOT NULL DEFAULT 'VISIBLE',
    "moderationReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reported_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reported_scores" (
    "id" TEXT NOT NULL,
    "entryId" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "dimension" TEXT NOT NULL DEFAULT '',
    "category" TEXT NOT NULL DEFAULT '',
    "value" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "reported_scores_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ground_truth_uploads" (
    "id" TEXT NOT NULL,
    "testSetId" TEXT NOT NULL,
    "uploadedById" TEXT,
    "blobKey" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileBytes" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "metadataBlobKey" TEXT,
    "metadataFileName" TEXT,
    "status" "GroundTruthUploadStatus" NOT NULL DEFAULT 'VALIDATING',
    "preview" JSONB,
    "error" JSONB,
    "appliedVersion" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "appliedAt" TIMESTAMP(3),

    CONSTRAINT "ground_truth_uploads_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "rank_stats_testSetId_evaluatorVersion_metric_idx" ON "rank_stats"("testSetId", "evaluatorVersion", "metric");

-- CreateIndex
CREATE UNIQUE INDEX "rank_stats_evaluationId_metric_key" ON "rank_stats"("evaluationId", "metric");

-- CreateIndex
CREATE UNIQUE INDEX "score_replicates_evaluationId_metric_key" ON "hidden"."score_replicates"("evaluationId", "metric");

-- CreateIndex
CREATE UNIQUE INDEX "case_values_evaluationId_metric_key" ON "hidden"."case_values"("evaluationId", "metric");

-- CreateIndex
CREATE UNIQUE INDEX "rescore_runs_testSetId_evaluatorVersion_key" ON "rescore_runs"("testSetId", "evaluatorVersion");

-- CreateIndex
CREATE INDEX "benchmark_curators_userId_idx" ON "benchmark_curators"("userId");

-- CreateIndex
CREATE INDEX "reported_entries_modelSlug_idx" ON "reported_entries"("modelSlug");

-- CreateIndex
CREATE UNIQUE INDEX "reported_entries_testSetId_modelName_key" ON "reported_entries"("testSetId", "modelName");

-- CreateIndex
CREATE UNIQUE INDEX "reported_scores_entryId_metric_dimension_category_key" ON "reported_scores"("entryId", "metric", "dimension", "category");

-- CreateIndex
CREATE INDEX "ground_truth_uploads_testSetId_createdAt_idx" ON "ground_truth_uploads"("testSetId", "createdAt");

-- CreateIndex
CREATE INDEX "submissions_modelSlug_idx" ON "submissions"("modelSlug");

-- AddForeignKey
ALTER TABLE "rank_stats" ADD CONSTRAINT "rank_stats_testSetId_fkey" FOREIGN KEY ("testSetId") REFERENCES "test_sets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rank_stats" ADD CONSTRAINT "rank_stats_evaluationId_fkey" FOREIGN KEY ("evaluationId") REFERENCES "evaluations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "hidden"."score_replicates" ADD CONSTRAINT "score_replicates_evaluationId_fkey" FOREIGN KEY ("evaluationId") REFERENCES "evaluations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "hidden"."case_values" ADD CONSTRAINT "case_values_evaluationId_fkey" FOREIGN KEY ("evaluationId") REFERENCES "evaluations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rescore_runs" ADD CONSTRAINT "rescore_runs_testSetId_fkey" FOREIGN KEY ("testSetId") REFERENCES "test_sets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "benchmark_curators" ADD CONSTRAINT "benchmark_curators_benchmarkId_fkey" FOREIGN KEY ("benchmarkId") REFERENCES "benchmarks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "benchmark_curators" ADD CONSTRAINT "benchmark_curators_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reported_entries" ADD CONSTRAINT "reported_entries_benchmarkId_fkey" FOREIGN KEY ("benchmarkId") REFERENCES "benchmarks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reported_entries" ADD CONSTRAINT "reported_entries_trackId_fkey" FOREIGN KEY ("trackId") REFERENCES "tracks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reported_entries" ADD CONSTRAINT "reported_entries_testSetId_fkey" FOREIGN KEY ("testSetId") REFERENCES "test_sets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reported_scores" ADD CONSTRAINT "reported_scores_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "reported_entries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ground_truth_uploads" ADD CONSTRAINT "ground_truth_uploads_testSetId_fkey" FOREIGN KEY ("testSetId") REFERENCES "test_sets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

