import { spawnSync } from 'node:child_process';

/** Whether model processes get a network namespace of their own, and why not if they do not. */
export interface NetworkIsolation {
  isolated: boolean;
  /** Set when not isolated: what failed, for the run's notes and the worker's log. */
  note?: string;
}

let cached: NetworkIsolation | undefined;

/**
 * Checks once per process whether `unshare -n` works here (it needs root or unprivileged user
 * namespaces). Where it does, each model process starts in a new network namespace whose only
 * interface is a downed loopback, so any connect() fails with ENETUNREACH. Where it does not,
 * model runs go on without network isolation and every run says so in its notes.
 */
export function detectNetworkIsolation(): NetworkIsolation {
  if (cached) return cached;
  const probe = spawnSync('unshare', ['-n', 'true'], { encoding: 'utf8', timeout: 10_000 });
  cached =
    probe.status === 0
      ? { isolated: true }
      : {
          isolated: false,
          note: `network isolation is unavailable on this host: \`unshare -n\` failed (${
            probe.error?.message ?? (probe.stderr.trim() || `exit ${probe.status}`)
          }); the model process can reach the network`,
        };
  return cached;
}
