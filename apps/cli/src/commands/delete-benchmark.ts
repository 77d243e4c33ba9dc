import type { Command } from 'commander';
import { apiTarget, callApi } from '../api-client.js';
import { CliError } from '../env.js';

interface Deleted {
  slug: string;
  tracks: number;
  testSets: number;
  testSetsWithGroundTruth: number;
  groundTruthUploads: number;
  reportedEntries: number;
  phases: number;
  filesRemoved: number;
  filesLeft: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * `medrank benchmark delete <slug>`: deletes a draft over the API (the server removes its rows
 * and files and audits it; a published benchmark is refused). `--yes` is required, since nothing
 * can bring the draft back.
 */
export function registerBenchmarkDeleteCommand(benchmark: Command): void {
  benchmark
    .command('delete <slug>')
    .description(
      'delete a draft benchmark with its tracks, test sets, ground truth and uploaded files (published benchmarks cannot be deleted)',
    )
    .requiredOption('--url <url>', 'MedRank base URL, e.g. http://localhost:3000')
    .requiredOption('--token <token>', 'API token of a curator of the benchmark (or a site admin)')
    .option('--yes', 'really delete: it cannot be undone', false)
    .option('--json', 'print what was deleted as JSON', false)
    .action(
      async (
        slug: string,
        options: { url: string; token: string; yes: boolean; json: boolean },
      ) => {
        const api = apiTarget(options);
        if (!options.yes)
          throw new CliError(
            `deleting ${slug} cannot be undone: run again with --yes to delete the draft and everything in it`,
            2,
          );
        const { body } = await callApi<{ deleted: Deleted }>(
          api,
          `/api/v1/curation/benchmarks/${encodeURIComponent(slug)}`,
          { method: 'DELETE' },
        );
        const d = body.deleted;
        if (options.json) {
          console.log(JSON.stringify(d, null, 2));
          return;
        }
        console.log(
          `deleted draft ${d.slug}: ${plural(d.tracks, 'track')}, ${plural(d.testSets, 'test set')} (${d.testSetsWithGroundTruth} with ground truth), ${plural(d.groundTruthUploads, 'ground-truth upload')}, ${plural(d.phases, 'phase')}, ${plural(d.reportedEntries, 'reported entry', 'reported entries')}, ${plural(d.filesRemoved, 'file')} removed`,
        );
        if (d.filesLeft > 0)
          console.error(
            `  ${plural(d.filesLeft, 'file')} could not be removed from the blob store (see the server log)`,
          );
      },
    );
}
