// Renders a saved `bench:metrics --json` report as the Markdown tables of bench/README.md:
//   npx tsx bench/metrics/markdown.ts report.json
import { readFileSync } from 'node:fs';
import { formatMs, formatRatio, type PrintableReport } from './report.js';

const path = process.argv[2];
if (!path) {
  process.stderr.write('usage: tsx bench/metrics/markdown.ts REPORT.json\n');
  process.exit(2);
}
const report = JSON.parse(readFileSync(path, 'utf8')) as PrintableReport;
const out: string[] = [];
const row = (cells: (string | number)[]) => out.push(`| ${cells.join(' | ')} |`);

out.push(
  `Run ${report.date}, best of ${report.options.repeat}; load average ${report.machine.loadavgBefore.join(' ')} before, ${report.machine.loadavgAfter.join(' ')} after; wall ${report.wallSeconds} s.`,
  '',
);
row([
  'family',
  'dataset',
  'computation',
  'ours best ms',
  'ours 1st run ms',
  'reference ms',
  'reference / ours',
]);
row(['---', '---', '---', '---:', '---:', '---:', '---:']);
for (const f of report.families) {
  for (const r of f.rows) {
    row([
      f.family,
      r.dataset,
      r.variant ? `${r.step} (variant)` : r.step,
      formatMs(r.ours.bestMs),
      formatMs(r.ours.firstMs),
      formatMs(r.reference?.ms),
      r.ratio === null ? '—' : `**${formatRatio(r.ratio)}**`,
    ]);
  }
}
out.push('');
row(['family', 'values checked', 'all within tolerance', 'smallest ratio (main rows)', '≥ 2×']);
row(['---', '---:', '---', '---:', '---']);
for (const f of report.families) {
  row([
    f.family,
    f.valuesChecked,
    f.valuesOk ? 'yes' : '**no**',
    formatRatio(f.minRatio),
    f.speedPass === null ? 'n/a' : f.speedPass ? 'PASS' : '**FAIL**',
  ]);
}
out.push('');
row(['target', 'limit', 'ours', 'result', 'note']);
row(['---', '---:', '---:', '---', '---']);
for (const t of report.targets) {
  row([
    t.name,
    Number.isNaN(t.limitMs) || t.limitMs === null ? '' : `${t.limitMs} ms`,
    t.oursMs === null ? '' : `${formatMs(t.oursMs)} ms`,
    t.pass === null ? 'n/a' : t.pass ? 'PASS' : '**FAIL**',
    t.note ?? '',
  ]);
}
out.push('');
row([
  'family',
  'dataset',
  'metric',
  'ours',
  'expected (§6)',
  'peer this run',
  'abs. diff.',
  'tolerance',
  'ok',
]);
row(['---', '---', '---', '---:', '---:', '---:', '---:', '---:', '---']);
for (const f of report.families) {
  for (const v of f.values) {
    row([
      f.family,
      v.dataset,
      v.metric,
      v.ours,
      v.expected,
      v.peer ?? '—',
      v.absError === 0 ? '0' : v.absError.toExponential(1),
      v.tolerance === 0 ? 'exact' : v.tolerance.toExponential(0),
      v.ok ? 'yes' : '**no**',
    ]);
  }
}
process.stdout.write(`${out.join('\n')}\n`);
