// Closed VQA: overall, per-category and macro accuracy on three dimensions, against
// peer_vqa.py (pandas group-by).
import { join } from 'node:path';
import { gradeChoices, groupedAccuracy, type DimensionAccuracy } from '@medrank/metrics';
import { checkValues, flattenPeerValues } from '../expected.js';
import { readVqaCsv } from '../peer-data.js';
import { peerReference, runPeer, type PeerRun } from '../peers.js';
import { makeRow } from '../rows.js';
import { timeIt } from '../timing.js';
import type { BenchContext, FamilyResult } from '../types.js';

const DATASET = 'vqa_n100k.csv';
const SCRIPT = 'peer_vqa.py';
const DIMENSIONS = ['modality', 'task', 'department'] as const;

export async function benchVqa(ctx: BenchContext): Promise<FamilyResult> {
  const result: FamilyResult = { family: 'vqa', rows: [], values: [], missing: [] };
  const path = join(ctx.dataDir, 'vqa', DATASET);
  const rows = readVqaCsv(path);
  ctx.log(`vqa ${DATASET}: ours`);

  // Same work as the peer's compute(): compare prediction with answer, then group by three columns.
  const grouped = timeIt(ctx.repeat, () => {
    const n = rows.answer.length;
    const correct = new Uint8Array(n);
    for (let i = 0; i < n; i++) correct[i] = Number(rows.prediction[i] === rows.answer[i]);
    return groupedAccuracy(correct, [rows.modality, rows.task, rows.department]);
  });
  const values: Record<string, number> = { accuracy: grouped.result.overall.accuracy };
  DIMENSIONS.forEach((name, d) => {
    const dim = grouped.result.dimensions[d] as DimensionAccuracy;
    for (const [category, c] of dim.byCategory)
      values[`accuracy_by_${name}[${category}]`] = c.accuracy;
    values[`macro_${name}`] = dim.macroAccuracy;
  });

  // The product path for free-text answers: letter extraction first (no peer does this).
  const options = rows.nOptions.map((k) => Array.from({ length: k }, (_, i) => `option ${i + 1}`));
  const graded = timeIt(ctx.repeat, () => {
    const g = gradeChoices(rows.prediction, options, rows.answer);
    return { g, acc: groupedAccuracy(g.correct, [rows.modality, rows.task, rows.department]) };
  });
  if (graded.result.acc.overall.correct !== grouped.result.overall.correct) {
    result.missing.push(
      `vqa: letter extraction gives ${graded.result.acc.overall.correct} correct, exact comparison ${grouped.result.overall.correct}`,
    );
  }

  let peer: PeerRun | null = null;
  if (ctx.runPeers) {
    peer = await runPeer(ctx, SCRIPT, path);
    if (!peer.ok) result.missing.push(`vqa: peer failed: ${peer.error}`);
  }
  result.values.push(
    ...checkValues(DATASET, values, peer?.ok ? flattenPeerValues(peer.output.values) : undefined),
  );
  result.rows.push(
    makeRow(
      'vqa',
      DATASET,
      'accuracy overall + by modality, task, department + macro',
      grouped.timing,
      'prediction === answer, groupedAccuracy (3 dimensions)',
      peerReference(peer, SCRIPT, ['all_metrics']),
    ),
    makeRow(
      'vqa',
      DATASET,
      'same, with letter extraction from the response',
      graded.timing,
      'gradeChoices + groupedAccuracy',
      null,
      { note: 'no peer extracts letters; no reference', variant: true },
    ),
  );
  return result;
}
