import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import type { FileIssue } from '@medrank/core';
import { isAppError } from '@medrank/core';
import {
  benchmarkDefinitionToYaml,
  createBenchmark,
  exportBenchmarkDefinition,
  grantCurator,
  importReportedResults,
  parseBenchmarkYaml,
  publishBenchmark,
  revokeCurator,
  setSiteCuratorRole,
  updateBenchmark,
  versionBumpNotices,
  type Actor,
} from '@medrank/curation';
import { createDatabase, curators, type Database } from '@medrank/db';
import type { Command } from 'commander';
import { CliError, accountDatabaseUrl } from '../env.js';
import { registerBenchmarkDeleteCommand } from './delete-benchmark.js';

// Curation from the command line: benchmark definitions as YAML files, reported results as CSV,
// curator grants. The CLI talks to the database with the web role (public schema only) and acts
// as a named account (`--as`) so every change is audited under a person.

async function withDatabase<T>(task: (db: Database) => Promise<T>): Promise<T> {
  const db = createDatabase(accountDatabaseUrl(), { maxConnections: 2 });
  try {
    return await task(db);
  } catch (error) {
    if (isAppError(error)) {
      const issues = (error.details as { issues?: FileIssue[]; problems?: { message: string }[] })
        ?.issues;
      throw new CliError(
        issues?.length
          ? `${error.message}\n${issues.map((i) => `  ${i.message}`).join('\n')}`
          : error.message,
        error.code === 'BAD_REQUEST' ? 2 : 1,
      );
    }
    throw error;
  } finally {
    await db.$disconnect();
  }
}

async function actorFor(db: Database, email: string | undefined): Promise<Actor> {
  if (!email)
    throw new CliError('--as <email> is required: the account the change is recorded under', 2);
  const actor = await curators.findActorByEmail(db, email);
  if (!actor) throw new CliError(`no account with the email ${email}`, 2);
  return actor;
}

const formatIssues = (file: string, issues: FileIssue[]) =>
  issues
    .map(
      (i) => `${file}${i.line ? `:${i.line}` : ''}: ${i.message.replace(/^line \d+(?::|,) /, '')}`,
    )
    .join('\n');

export function registerCurationCommands(program: Command): void {
  const benchmark = program
    .command('benchmark')
    .description('benchmark definitions as code (YAML)');
  benchmark
    .command('export <slug>')
    .description(
      'write a benchmark’s definition (metadata, tracks, metrics, phases; never ground truth) as YAML',
    )
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (slug: string, options: { out?: string }) => {
      const yaml = await withDatabase(async (db) =>
        benchmarkDefinitionToYaml(await exportBenchmarkDefinition(db, slug)),
      );
      if (options.out) {
        await writeFile(options.out, yaml);
        console.error(`wrote ${options.out}`);
      } else {
        process.stdout.write(yaml);
      }
    });
  benchmark
    .command('import <file>')
    .description('create a benchmark from a YAML definition, or update the one with its slug')
    .option('--as <email>', 'account the change is recorded under (a site admin or curator)')
    .option(
      '--publish',
      'publish it afterwards (refused while a test set has no truth or results)',
      false,
    )
    .action(async (file: string, options: { as?: string; publish: boolean }) => {
      const parsed = parseBenchmarkYaml(await readFile(file, 'utf8'));
      if (!parsed.ok)
        throw new CliError(
          `${file} is not a valid benchmark definition:\n${formatIssues(file, parsed.issues)}`,
          2,
        );
      const { definition } = parsed;
      await withDatabase(async (db) => {
        const actor = await actorFor(db, options.as);
        const exists = await curators.findAccess(db, definition.slug, actor.userId);
        if (exists) {
          const { bumped, changes } = await updateBenchmark(db, actor, definition.slug, definition);
          console.log(
            changes.length
              ? `updated ${definition.slug}:\n${changes.map((c) => `  ${c}`).join('\n')}`
              : `${definition.slug} is already up to date`,
          );
          // Only bumps that leave scored entries behind need a rescore (a draft has none).
          for (const notice of versionBumpNotices(bumped)) console.log(`  ${notice}`);
        } else {
          await createBenchmark(db, actor, definition);
          console.log(
            `created ${definition.slug} (draft) with ${definition.tracks.length} track(s)`,
          );
        }
        if (options.publish) {
          const result = await publishBenchmark(db, actor, definition.slug);
          console.log(
            result.changed
              ? `published ${definition.slug}`
              : `${definition.slug} was already published`,
          );
        }
      });
    });

  registerBenchmarkDeleteCommand(benchmark);

  program
    .command('reported')
    .description('published results MedRank did not compute')
    .command('import <slug> <file>')
    .description(
      'import a long-format CSV: model,institution,date,test_set,section,metric,value,source_link (see docs/curation.md)',
    )
    .option('--as <email>', 'account the import is recorded under (a site admin or curator)')
    .action(async (slug: string, file: string, options: { as?: string }) => {
      await withDatabase(async (db) => {
        const actor = await actorFor(db, options.as);
        const result = await importReportedResults(db, actor, {
          slug,
          csv: createReadStream(file),
          fileName: file,
        });
        if (!result.ok)
          throw new CliError(
            `${file}: ${result.issueCount} problem(s), nothing imported:\n${formatIssues(file, result.issues)}`,
            2,
          );
        console.log(
          `imported ${result.scores} number(s) for ${result.entries} entr${result.entries === 1 ? 'y' : 'ies'} (${result.entriesCreated} new, ${result.entriesUpdated} updated)`,
        );
      });
    });

  const curator = program.command('curator').description('who may curate which benchmark');
  curator
    .command('grant <slug> <email>')
    .description('make an account a curator of a benchmark')
    .action(async (slug: string, email: string) => {
      const granted = await withDatabase((db) => grantCurator(db, null, { slug, email }));
      console.log(
        granted.created
          ? `${granted.email} now curates ${slug}`
          : `${granted.email} already curates ${slug}`,
      );
    });
  curator
    .command('revoke <slug> <email>')
    .description('remove a curator from a benchmark')
    .action(async (slug: string, email: string) => {
      const { removed } = await withDatabase((db) => revokeCurator(db, null, { slug, email }));
      console.log(
        removed ? `${email} no longer curates ${slug}` : `${email} was not a curator of ${slug}`,
      );
    });
  curator
    .command('allow-create <email>')
    .description(
      'give an account the site role "curator", which may create benchmarks (--revoke takes it back)',
    )
    .option('--revoke', 'take the role back', false)
    .action(async (email: string, options: { revoke: boolean }) => {
      const updated = await withDatabase((db) =>
        setSiteCuratorRole(db, null, { email, enabled: !options.revoke }),
      );
      console.log(`${updated.email} is now a site ${updated.role}`);
    });
}
