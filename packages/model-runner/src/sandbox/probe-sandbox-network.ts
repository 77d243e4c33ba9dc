import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runModelProcess } from './run-model-process.js';

export interface NetworkProbeResult {
  /** Whether the model process got a connection: false is the sandbox working. */
  connected: boolean;
  /** The error code of the failed connect, e.g. ENETUNREACH inside a network namespace. */
  code?: string;
  isNetworkIsolated: boolean;
  notes: string[];
}

/**
 * Starts a model process in the same sandbox as a model run and has it open a TCP connection to
 * `host:port`: the check that a model run cannot reach the network (an ONNX graph has no socket
 * operator, so this probe stands in for code that would try). Used by the tests and by operators
 * verifying a host.
 */
export async function probeSandboxNetwork(target: {
  host: string;
  port: number;
}): Promise<NetworkProbeResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'medrank-network-probe-'));
  try {
    const outcome = await runModelProcess(
      { mode: 'network-probe', probe: target },
      { memoryMb: 256, totalMs: 15_000 },
      { workDir: dir },
    );
    const probe = outcome.events.find((e) => e.type === 'probe');
    return {
      connected: probe?.connected ?? false,
      ...(probe?.code === undefined ? {} : { code: probe.code }),
      isNetworkIsolated: outcome.isNetworkIsolated,
      notes: outcome.notes,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
