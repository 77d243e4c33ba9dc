-- AlterTable
ALTER TABLE "evaluations" ADD COLUMN     "notes" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "breakdowns" (
    "id" TEXT NOT NULL,
    "evaluationId" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "value" DOUBLE PRECISION,
    "ciLow" DOUBLE PRECISION,
    "ciHigh" DOUBLE PRECISION,
    "n" INTEGER NOT NULL,

    CONSTRAINT "breakdowns_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "breakdowns_evaluationId_dimension_category_metric_key" ON "breakdowns"("evaluationId", "dimension", "category", "metric");

-- AddForeignKey
ALTER TABLE "breakdowns" ADD CONSTRAINT "breakdowns_evaluationId_fkey" FOREIGN KEY ("evaluationId") REFERENCES "evaluations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

