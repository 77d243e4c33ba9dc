/** The load bench's figures (the JSON it writes) and their rendering as tables with the targets. */

export interface Percentiles {
  p50: number | null;
  p95: number | null;
}

export interface ProcessMemory {
  pid: number;
  role: 'web' | 'worker' | 'job process';
  /** Its worker's name for a job process; the worker's own name for a worker. */
  owner: string;
  peakMB: number;
  /** Resident memory at the end of the scenario (run), null when the process had gone. */
  rssAtEndMB: number | null;
}

export interface ScenarioResult {
  name: string;
  label: string;
  submissions: number;
  casesPerFile: number;
  accepted: number;
  uploadErrors: string[];
  statuses: Record<string, number>;
  duplicateEvaluations: number;
  missingEvaluations: number;
  maxAttempts: number;
  /** SCORED = N, one evaluation per submission × test set, none missing. */
  exactlyOnce: boolean;
  acceptedInS: number | null;
  allScoredInS: number | null;
  /** Scored submissions ÷ (last finishedAt − first upload start), per minute. */
  throughputPerMin: number | null;
  /** From the start of the upload to the SCORED commit (the submission's finishedAt). */
  uploadToScoredS: Percentiles & { max: number | null };
  /** From the start of the upload to the first status poll that saw it final. */
  seenByPollS: Percentiles;
  /** Accepted (createdAt) → claimed by a job process (startedAt). */
  queueWaitS: Percentiles;
  /** Claimed → SCORED (the job itself). */
  processingS: Percentiles;
  target: { throughputPerMin?: number; p50S?: number };
  kill?: {
    worker: string;
    pid: number;
    atS: number;
    scoredBefore: number;
    inFlightAtKill: number;
    /** The submissions the killed worker was scoring when it was killed (from its log). */
    inFlightIds: string[];
    /** Of those, how many needed another attempt (must be all of them). */
    retried: number;
    restartedAfterS: number | null;
  };
  /** CPU seconds used during the scenario, per role. */
  cpuSeconds: Record<string, number>;
  /** Share of the machine's CPU time that was busy during the scenario (all processes, ours or not). */
  machineCpuBusy: number | null;
  loadAverage: { before: number[]; after: number[] };
  wallS: number;
  /** Peak resident memory (VmHWM) of every process during this scenario. */
  memory: ProcessMemory[];
  /** What the web and each worker report on their metrics ports at the end (V8 heap, MB). */
  heapAtEnd: Record<
    string,
    {
      rssMB: number | null;
      heapUsedMB: number | null;
      heapTotalMB: number | null;
      externalMB: number | null;
    } | null
  >;
  /** Status requests made (GET /api/v1/submissions/{id}). */
  polls: number;
}

export interface Report {
  bench: 'load';
  startedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string };
  commit: { head: string; dirtyPaths: string[] };
  options: Record<string, number>;
  loadAverage: { before: number[]; after: number[] };
  scenarios: ScenarioResult[];
  /** Peak resident memory of every process over the whole run. */
  peakMemoryMB: ProcessMemory[];
  workerWarnings: string[];
}

export const MEMORY_LIMIT_MB = 512;

const fmt = (v: number | null | undefined, digits = 2) =>
  v === null || v === undefined ? 'n/a' : v.toFixed(digits);

function table(header: string[], rows: string[][], right: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const maxPeak = (memory: ProcessMemory[], role: ProcessMemory['role']) =>
  Math.max(0, ...memory.filter((m) => m.role === role).map((m) => m.peakMB));

/** Each target with the figure measured and PASS or GAP. */
export function verdicts(report: Report): { target: string; figure: string; pass: boolean }[] {
  const out: { target: string; figure: string; pass: boolean }[] = [];
  for (const s of report.scenarios) {
    if (s.target.throughputPerMin !== undefined)
      out.push({
        target: `${s.label}: ≥ ${s.target.throughputPerMin} scored/min`,
        figure:
          `${fmt(s.throughputPerMin, 0)}/min` +
          (s.name === 'kill' && !s.kill ? ' (no worker was killed mid-scoring)' : ''),
        pass:
          (s.throughputPerMin ?? 0) >= s.target.throughputPerMin && (s.name !== 'kill' || !!s.kill),
      });
    if (s.target.p50S !== undefined)
      out.push({
        target: `${s.label}: p50 upload → scored ≤ ${s.target.p50S} s`,
        figure: `${fmt(s.uploadToScoredS.p50)} s`,
        pass: (s.uploadToScoredS.p50 ?? Infinity) <= s.target.p50S,
      });
    out.push({
      target: `${s.label}: every submission scored exactly once`,
      figure: `${s.statuses.SCORED ?? 0}/${s.submissions} SCORED, ${s.duplicateEvaluations} duplicate, ${s.missingEvaluations} missing evaluations`,
      pass: s.exactlyOnce,
    });
  }
  const all = report.peakMemoryMB;
  const top = all.reduce<ProcessMemory | undefined>(
    (a, b) => (a === undefined || b.peakMB > a.peakMB ? b : a),
    undefined,
  );
  out.push({
    target: `no process above ${MEMORY_LIMIT_MB} MB (peak resident, VmHWM)`,
    figure: top ? `${fmt(top.peakMB, 0)} MB (${top.role} ${top.pid}, ${top.owner})` : 'n/a',
    pass: top !== undefined && top.peakMB <= MEMORY_LIMIT_MB,
  });
  return out;
}

export function renderReport(report: Report): string {
  const out: string[] = [];
  out.push(
    `Load: ${report.options.workers} workers, ${report.machine.cpus} CPUs (${report.machine.cpuModel}), ` +
      `Node ${report.machine.node}, commit ${report.commit.head}` +
      (report.commit.dirtyPaths.length > 0
        ? ` + uncommitted changes in ${report.commit.dirtyPaths.length} files of apps/ and packages/`
        : ''),
  );
  out.push(
    `Load average before ${report.loadAverage.before.join(' ')}, after ${report.loadAverage.after.join(' ')}`,
  );
  out.push('');
  out.push(
    table(
      [
        'scenario',
        'N',
        'scored',
        'failed',
        'dup',
        'accepted in',
        'all scored in',
        'per min',
        'p50',
        'p95',
        'p50 seen',
        'wait p50',
        'job p50',
        'CPU busy',
        'load avg',
      ],
      report.scenarios.map((s) => [
        s.label,
        String(s.submissions),
        String(s.statuses.SCORED ?? 0),
        String(s.statuses.FAILED ?? 0),
        String(s.duplicateEvaluations),
        `${fmt(s.acceptedInS, 1)} s`,
        `${fmt(s.allScoredInS, 1)} s`,
        fmt(s.throughputPerMin, 0),
        `${fmt(s.uploadToScoredS.p50)} s`,
        `${fmt(s.uploadToScoredS.p95)} s`,
        `${fmt(s.seenByPollS.p50)} s`,
        `${fmt(s.queueWaitS.p50)} s`,
        `${fmt(s.processingS.p50)} s`,
        s.machineCpuBusy === null ? 'n/a' : `${Math.round(s.machineCpuBusy * 100)} %`,
        `${s.loadAverage.before[0]} → ${s.loadAverage.after[0]}`,
      ]),
      [false, true, true, true, true, true, true, true, true, true, true, true, true, true, false],
    ),
  );
  for (const s of report.scenarios) {
    if (s.kill)
      out.push(
        `  ${s.label}: ${s.kill.worker} (pid ${s.kill.pid}) SIGKILLed at ${fmt(s.kill.atS, 1)} s while scoring ${s.kill.inFlightAtKill} (${s.kill.retried} of them scored on a later attempt), ${s.kill.scoredBefore} scored before; running again ${fmt(s.kill.restartedAfterS, 1)} s later; at most ${s.maxAttempts} attempts per submission`,
      );
    if (s.uploadErrors.length > 0)
      out.push(`  ${s.label}: upload errors: ${s.uploadErrors.join('; ')}`);
  }
  out.push('');
  out.push('Peak resident memory (VmHWM, MB) per scenario; CPU seconds used in the scenario:');
  out.push(
    table(
      [
        'scenario',
        'web',
        'web at end: RSS / heap used / heap total',
        'workers',
        'job processes',
        'CPU s web / workers / jobs',
      ],
      report.scenarios.map((s) => [
        s.label,
        fmt(maxPeak(s.memory, 'web'), 0),
        s.heapAtEnd.web
          ? `${fmt(s.heapAtEnd.web.rssMB, 0)} / ${fmt(s.heapAtEnd.web.heapUsedMB, 0)} / ${fmt(s.heapAtEnd.web.heapTotalMB, 0)}`
          : 'n/a',
        s.memory
          .filter((m) => m.role === 'worker')
          .map((m) => `${m.owner}:${fmt(m.peakMB, 0)}`)
          .join(' '),
        `max ${fmt(maxPeak(s.memory, 'job process'), 0)} over ${s.memory.filter((m) => m.role === 'job process').length}`,
        ['web', 'worker', 'job process'].map((r) => fmt(s.cpuSeconds[r] ?? 0, 1)).join(' / '),
      ]),
      [false, true, true, false, false, false],
    ),
  );
  out.push('');
  out.push(
    table(
      ['target', 'measured', 'result'],
      verdicts(report).map((v) => [v.target, v.figure, v.pass ? 'PASS' : 'GAP']),
      [false, false, false],
    ),
  );
  if (report.workerWarnings.length > 0)
    out.push(
      '',
      `Worker warnings (last ${report.workerWarnings.length}):`,
      ...report.workerWarnings,
    );
  return out.join('\n') + '\n';
}
