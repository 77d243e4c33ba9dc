-- CreateEnum
CREATE TYPE "TestInputsVisibility" AS ENUM ('PUBLIC', 'HIDDEN');

-- AlterTable
ALTER TABLE "test_sets" ADD COLUMN     "inputs" "TestInputsVisibility" NOT NULL DEFAULT 'HIDDEN';

-- CreateTable
CREATE TABLE "test_inputs_uploads" (
    "id" TEXT NOT NULL,
    "testSetId" TEXT NOT NULL,
    "uploadedById" TEXT,
    "blobKey" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileBytes" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "status" "GroundTruthUploadStatus" NOT NULL DEFAULT 'VALIDATING',
    "preview" JSONB,
    "error" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "appliedAt" TIMESTAMP(3),

    CONSTRAINT "test_inputs_uploads_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "test_inputs_uploads_testSetId_status_idx" ON "test_inputs_uploads"("testSetId", "status");

-- AddForeignKey
ALTER TABLE "test_inputs_uploads" ADD CONSTRAINT "test_inputs_uploads_testSetId_fkey" FOREIGN KEY ("testSetId") REFERENCES "test_sets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

