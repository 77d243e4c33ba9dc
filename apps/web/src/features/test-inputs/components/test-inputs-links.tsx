import { formatBytes } from '@medrank/core';
import { testInputs } from '@medrank/db';
import { db } from '@/server/db';

/**
 * Download links for a track's public test inputs (a zip of the files and their manifest, one
 * per test set), in the submission area. Renders nothing when the track has none: hidden inputs
 * are not listed, so the page does not even say they exist.
 */
export async function TestInputsLinks({
  benchmarkId,
  slug,
  trackSlug,
}: {
  benchmarkId: string;
  slug: string;
  trackSlug: string;
}) {
  const offered = (await testInputs.listPublicForBenchmark(db(), benchmarkId)).filter(
    (i) => i.trackSlug === trackSlug,
  );
  if (offered.length === 0) return null;
  return (
    <div className="mt-4 border-t border-slate-100 pt-3" data-testid="test-inputs">
      <h3 className="text-sm font-semibold">Test inputs</h3>
      <p className="mt-1 text-xs text-slate-600">
        The files to predict on, with a manifest (<code>manifest.csv</code>, <code>.jsonl</code> or
        a COCO <code>manifest.coco.json</code>) mapping each case id to its file and question.
      </p>
      <ul className="mt-2 space-y-1 text-sm">
        {offered.map((i) => (
          <li key={i.testSetSlug}>
            <a
              href={`/api/v1/benchmarks/${encodeURIComponent(slug)}/inputs?track=${encodeURIComponent(trackSlug)}&testSet=${encodeURIComponent(i.testSetSlug)}`}
              className="font-medium text-brand-700 hover:underline"
              download
            >
              Download the inputs of {i.testSetName}
            </a>{' '}
            <span className="text-xs text-slate-600">
              ({i.caseCount} cases, {i.fileCount} files, {formatBytes(i.zipBytes)} zip)
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
