-- AlterTable
ALTER TABLE "submissions" ADD COLUMN     "inference" JSONB,
ADD COLUMN     "predictionsBlobKey" TEXT,
ADD COLUMN     "runReport" JSONB;

-- CreateTable
CREATE TABLE "submission_endpoints" (
    "submissionId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "modelName" TEXT NOT NULL,
    "sealedApiKey" BYTEA,
    "apiKeyHint" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "submission_endpoints_pkey" PRIMARY KEY ("submissionId")
);

-- AddForeignKey
ALTER TABLE "submission_endpoints" ADD CONSTRAINT "submission_endpoints_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "submissions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

