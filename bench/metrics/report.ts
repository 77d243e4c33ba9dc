// Human-readable output of bench:metrics (the --json object holds the same data and more).
import type { BenchRow, TargetResult, ValueCheck } from './types.js';

export interface PrintableReport {
  date: string;
  machine: {
    nproc: number;
    cpu: string;
    memTotalGiB: number;
    node: string;
    loadavgBefore: number[];
    loadavgAfter: number[];
  };
  options: { repeat: number; peersDir: string | null };
  families: {
    family: string;
    valuesChecked: number;
    valuesOk: boolean;
    minRatio: number | null;
    speedPass: boolean | null;
    rows: BenchRow[];
    values: ValueCheck[];
  }[];
  targets: TargetResult[];
  missing: string[];
  wallSeconds: number;
}

export const formatMs = (ms: number | null | undefined): string =>
  ms === null || ms === undefined || Number.isNaN(ms)
    ? '—'
    : ms < 10
      ? ms.toFixed(2)
      : ms < 100
        ? ms.toFixed(1)
        : ms.toFixed(0);
export const formatRatio = (r: number | null): string =>
  r === null ? '—' : r >= 100 ? `${r.toFixed(0)}×` : `${r.toFixed(1)}×`;

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function printTable(report: PrintableReport): void {
  const out: string[] = [];
  const m = report.machine;
  out.push(
    `bench:metrics ${report.date}  ${m.nproc} cores (${m.cpu}), ${m.memTotalGiB} GiB, node ${m.node}`,
  );
  out.push(
    `load average before ${m.loadavgBefore.join(' ')}, after ${m.loadavgAfter.join(' ')}; best of ${report.options.repeat}; wall ${report.wallSeconds} s`,
  );
  out.push('');
  out.push(
    table(
      [
        'family',
        'dataset',
        'computation',
        'ours best ms',
        'ours 1st ms',
        'reference ms',
        'ref/ours',
      ],
      report.families.flatMap((f) =>
        f.rows.map((r) => [
          f.family,
          r.dataset,
          r.variant ? `${r.step} *` : r.step,
          formatMs(r.ours.bestMs),
          formatMs(r.ours.firstMs),
          formatMs(r.reference?.ms),
          formatRatio(r.ratio),
        ]),
      ),
    ),
  );
  out.push('* variant path, not counted in the family verdict');
  out.push('');
  out.push(
    table(
      ['family', 'dataset', 'metric', 'ours', 'expected', '|diff|', 'tolerance', 'match'],
      report.families.flatMap((f) =>
        f.values.map((v) => [
          f.family,
          v.dataset,
          v.metric,
          String(v.ours),
          String(v.expected),
          v.absError === 0 ? '0' : v.absError.toExponential(1),
          v.tolerance === 0 ? 'exact' : v.tolerance.toExponential(0),
          v.ok ? 'yes' : 'NO',
        ]),
      ),
    ),
  );
  out.push('');
  out.push(
    table(
      ['family', 'values', 'smallest ref/ours', '≥ 2×'],
      report.families.map((f) => [
        f.family,
        `${f.valuesOk ? 'all match' : 'MISMATCH'} (${f.valuesChecked})`,
        formatRatio(f.minRatio),
        f.speedPass === null ? 'n/a' : f.speedPass ? 'PASS' : 'FAIL',
      ]),
    ),
  );
  out.push('');
  out.push(
    table(
      ['target', 'limit ms', 'ours ms', 'result', 'note'],
      report.targets.map((t) => [
        t.name,
        Number.isNaN(t.limitMs) ? '' : String(t.limitMs),
        formatMs(t.oursMs),
        t.pass === null ? 'n/a' : t.pass ? 'PASS' : 'FAIL',
        t.note ?? '',
      ]),
    ),
  );
  if (report.missing.length) {
    out.push('');
    out.push('missing / notes:');
    for (const line of report.missing) out.push(`  - ${line}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}
