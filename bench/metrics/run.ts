// Metrics speed benchmark: `npm run bench:metrics -- --peers-data DIR [--json] [--repeat N]
// [--only cls,vqa,text,seg,det] [--no-peers]`. Reads the peers' seeded data
// (shared/peers/README.md §4), times @medrank/metrics on it (compute only, best of N, parsing
// excluded), checks each value against README §6, runs the Python peers in the same process
// tree, interleaved dataset by dataset, and prints ratios and the targets of issue 3.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchClassification } from './families/cls.js';
import { benchDetection } from './families/det.js';
import { benchSegmentation } from './families/seg.js';
import { benchText } from './families/text.js';
import { benchVqa } from './families/vqa.js';
import { printTable } from './report.js';
import {
  FAMILIES,
  type BenchContext,
  type Family,
  type FamilyResult,
  type TargetResult,
  type Timing,
} from './types.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const USAGE = `usage: npm run bench:metrics -- [--peers-data DIR] [--json] [--repeat N] [--only cls,vqa,text,seg,det]
       [--no-peers] [--peers-dir DIR] [--python BIN] [--peer-boot-repeat N]
  --peers-data DIR       data written by shared/peers/gen.py (default $PEERS_DATA_DIR or .peers/data)
  --json                 one JSON object on stdout (progress goes to stderr)
  --repeat N             runs per computation, ours and the peers' (default 5); the best counts
  --only LIST            families to run (default all)
  --no-peers             ours only, no Python reference
  --peers-dir DIR        folder of peer_*.py (default $PEERS_DIR or ../shared/peers)
  --python BIN           interpreter that starts the peers (default python3; they re-exec /usr/bin/python3)
  --peer-boot-repeat N   runs of the peers' 1000-replicate bootstrap (default 1: it takes 5-25 s)
  --out FILE             also write the JSON object to FILE (npm prints its script banner on stdout;
                         use \`npm run -s\` or --out for clean JSON)`;

export interface FamilySummary {
  family: Family;
  valuesChecked: number;
  valuesOk: boolean;
  /** Smallest reference/ours ratio over the family's main (non-variant) rows with a reference. */
  minRatio: number | null;
  referencedRows: number;
  /** Main rows under 2×, as "dataset step (ratio×)". */
  below2x: string[];
  /** ≥ 2× on every main row with a reference; null when nothing had a reference. */
  speedPass: boolean | null;
}

function parse() {
  const { values } = parseArgs({
    options: {
      'peers-data': { type: 'string' },
      json: { type: 'boolean', default: false },
      repeat: { type: 'string', default: '5' },
      only: { type: 'string' },
      'no-peers': { type: 'boolean', default: false },
      'peers-dir': { type: 'string' },
      python: { type: 'string', default: 'python3' },
      'peer-boot-repeat': { type: 'string', default: '1' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const positiveInt = (text: string, name: string) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`--${name} must be a positive integer, got ${text}`);
    return n;
  };
  const only = values.only
    ? values.only
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [...FAMILIES];
  for (const f of only)
    if (!FAMILIES.includes(f as Family))
      throw new Error(`--only: unknown family ${f} (${FAMILIES.join(',')})`);
  return {
    json: values.json ?? false,
    out: values.out ? resolve(values.out) : null,
    families: only as Family[],
    ctx: {
      dataDir: resolve(
        values['peers-data'] ?? process.env.PEERS_DATA_DIR ?? join(REPO_ROOT, '.peers/data'),
      ),
      peersDir: resolve(
        values['peers-dir'] ?? process.env.PEERS_DIR ?? join(REPO_ROOT, '../shared/peers'),
      ),
      python: values.python ?? 'python3',
      repeat: positiveInt(values.repeat ?? '5', 'repeat'),
      runPeers: !values['no-peers'],
      peerBootRepeat: positiveInt(values['peer-boot-repeat'] ?? '1', 'peer-boot-repeat'),
      // peer_text.py builds its nltk WordNet folder here (symlinks + lexnames), outside the repo.
      nltkDataDir: process.env.PERFPEERS_NLTK_DATA ?? join(tmpdir(), 'medrank-bench-nltk_data'),
      log: (message: string) => process.stderr.write(`${message}\n`),
    } satisfies BenchContext,
  };
}

function summarize(result: FamilyResult): FamilySummary {
  const main = result.rows.filter((r) => !r.variant && r.ratio !== null);
  const minRatio = main.length ? Math.min(...main.map((r) => r.ratio as number)) : null;
  return {
    family: result.family,
    valuesChecked: result.values.length,
    valuesOk: result.values.length > 0 && result.values.every((v) => v.ok),
    minRatio,
    referencedRows: main.length,
    below2x: main
      .filter((r) => (r.ratio as number) < 2)
      .map((r) => `${r.dataset} ${r.step} (${(r.ratio as number).toFixed(2)}×)`),
    speedPass: minRatio === null ? null : minRatio >= 2,
  };
}

const target = (
  name: string,
  limitMs: number,
  timing: Timing | null | undefined,
  note?: string,
): TargetResult => ({
  name,
  limitMs,
  oursMs: timing ? timing.bestMs : null,
  pass: timing ? timing.bestMs <= limitMs : false,
  ...(timing ? {} : { note: note ?? 'not measured' }),
});

async function main() {
  const { json, out, families, ctx } = parse();
  const started = new Date();
  const loadBefore = loadavg();
  const results: FamilyResult[] = [];
  const targets: TargetResult[] = [];
  for (const family of families) {
    if (family === 'cls') {
      const r = await benchClassification(ctx);
      results.push(r);
      const boot = r.rows.find(
        (row) => row.dataset === 'binary_n10k.json' && row.step.includes('given index file'),
      );
      targets.push(
        target(
          '1000-replicate bootstrap of binary AUROC at n = 10,000 (given indices)',
          500,
          boot?.ours,
        ),
      );
      const seeded = r.rows.find(
        (row) => row.dataset === 'binary_n10k.json' && row.step.includes('seeded index draw'),
      );
      targets.push(
        target('same, drawing the seeded indices too (product path)', 500, seeded?.ours),
      );
    } else if (family === 'vqa') {
      results.push(await benchVqa(ctx));
    } else if (family === 'text') {
      const r = await benchText(ctx);
      results.push(r);
      targets.push(
        target('BLEU-4 + ROUGE-L on 20k report pairs', 1000, r.targets.bleuPlusRougeN20k),
      );
    } else if (family === 'seg') {
      const r = await benchSegmentation(ctx);
      results.push(r);
      targets.push(
        target('Dice + HD95 + NSD on the 256×256×128 volume', 1000, r.targets.allMetrics256),
      );
    } else {
      const r = await benchDetection(ctx);
      results.push(r);
      targets.push(target('COCO mAP@[.5:.95] on det_n5k', 1000, r.targets.cocoMap));
    }
  }
  const summaries = results.map(summarize);
  for (const s of summaries) {
    targets.push({
      name: `${s.family}: every main computation ≥ 2× faster than its reference`,
      limitMs: Number.NaN,
      oursMs: null,
      pass: s.speedPass,
      note:
        s.minRatio === null
          ? 'no same-run reference'
          : `smallest ratio ${s.minRatio.toFixed(2)}× over ${s.referencedRows} rows` +
            (s.below2x.length ? `; under 2×: ${s.below2x.join('; ')}` : ''),
    });
  }
  const cpuList = cpus();
  const report = {
    benchmark: 'medrank metrics vs Python peers',
    date: started.toISOString(),
    machine: {
      nproc: cpuList.length,
      cpu: cpuList[0]?.model ?? 'unknown',
      memTotalGiB: +(totalmem() / 2 ** 30).toFixed(1),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      loadavgBefore: loadBefore.map((l) => +l.toFixed(2)),
      loadavgAfter: loadavg().map((l) => +l.toFixed(2)),
    },
    options: {
      dataDir: ctx.dataDir,
      peersDir: ctx.runPeers ? ctx.peersDir : null,
      repeat: ctx.repeat,
      peerBootRepeat: ctx.peerBootRepeat,
      families,
      timing:
        "ours: performance.now() around the computation, best of --repeat runs in one process, parsing excluded; reference: the peer's timing_s min (perf_counter, parsing excluded)",
    },
    families: results.map((r) => ({
      ...summarize(r),
      rows: r.rows,
      values: r.values,
      missing: r.missing,
    })),
    targets,
    allValuesOk: summaries.every((s) => s.valuesOk),
    missing: results.flatMap((r) => r.missing),
    wallSeconds: +((Date.now() - started.getTime()) / 1000).toFixed(1),
  };
  const text = `${JSON.stringify(report, null, 1)}\n`;
  if (out) writeFileSync(out, text);
  if (json) process.stdout.write(text);
  else printTable(report);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:metrics: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`,
  );
  process.exit(1);
});
