// Runs one Python peer scorer (shared/peers/peer_*.py) as a child process and reads its JSON.
// The peer re-executes itself under /usr/bin/python3 (Debian's numpy/scipy/sklearn/nltk).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { BenchContext, ReferenceTiming } from './types.js';

export interface PeerTimingStep {
  min: number;
  median: number;
  all: number[];
}

export interface PeerOutput {
  task: string;
  dataset: string;
  values: Record<string, unknown>;
  timing_s: Record<string, PeerTimingStep | number>;
  env: Record<string, unknown>;
  checks?: Record<string, unknown>;
}

export type PeerRun =
  { ok: true; output: PeerOutput; wallMs: number } | { ok: false; error: string };

export async function runPeer(
  ctx: BenchContext,
  script: string,
  dataFile: string,
  extraArgs: string[] = [],
): Promise<PeerRun> {
  const args = [join(ctx.peersDir, script), dataFile, '--repeat', String(ctx.repeat), ...extraArgs];
  ctx.log(`  peer: ${ctx.python} ${args.join(' ')}`);
  const start = performance.now();
  return new Promise((resolve) => {
    const child = spawn(ctx.python, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => resolve({ ok: false, error: `${script}: ${e.message}` }));
    child.on('close', (code) => {
      const wallMs = performance.now() - start;
      const stderr = Buffer.concat(err).toString('utf8').trim();
      if (code !== 0) {
        resolve({
          ok: false,
          error: `${script} exited with ${code}: ${stderr.split('\n').slice(-3).join(' | ')}`,
        });
        return;
      }
      try {
        resolve({
          ok: true,
          output: JSON.parse(Buffer.concat(out).toString('utf8')) as PeerOutput,
          wallMs,
        });
      } catch (e) {
        resolve({ ok: false, error: `${script}: unreadable JSON (${(e as Error).message})` });
      }
    });
  });
}

/**
 * The reference time of one or more peer steps: the sum of each step's minimum (ms). Null when
 * the peer did not run or a step is absent (e.g. pycocotools not importable).
 */
export function peerReference(
  run: PeerRun | null,
  script: string,
  steps: readonly string[],
): ReferenceTiming | null {
  if (!run?.ok) return null;
  let ms = 0;
  let runs = Number.POSITIVE_INFINITY;
  for (const step of steps) {
    const t = run.output.timing_s[step];
    if (t === undefined || typeof t === 'number') return null;
    ms += t.min * 1000;
    runs = Math.min(runs, t.all.length);
  }
  return { ms, source: `${script} ${steps.join(' + ')}`, runs };
}
