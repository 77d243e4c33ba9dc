// What the attacker suite tried and found, written to e2e/.artifacts/attack-summary.json so that
// SECURITY.md can quote real figures (attacks, requests, malformed inputs, leaks, crashes).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../support';

export interface AttackRecord {
  attack: string;
  /** HTTP requests (or submissions) the attack made. */
  requests: number;
  /** Of those, deliberately malformed or hostile inputs. */
  malformed: number;
  /** Responses that revealed something they must not (labels, per-case results, internals). */
  leaks: number;
  /** 5xx responses or dead processes. */
  crashes: number;
  /** What the attacker recovered, in the attack's own unit (e.g. labels, bits). */
  recovered?: string;
  notes?: string;
}

const FILE = path.join(REPO_ROOT, 'e2e/.artifacts/attack-summary.json');

export function recordAttack(record: AttackRecord): void {
  mkdirSync(path.dirname(FILE), { recursive: true });
  let all: AttackRecord[] = [];
  try {
    all = JSON.parse(readFileSync(FILE, 'utf8')) as AttackRecord[];
  } catch {
    all = [];
  }
  all = all.filter((r) => r.attack !== record.attack).concat(record);
  writeFileSync(FILE, JSON.stringify(all, null, 2) + '\n');
}
