import { apiTokens, createDatabase, users } from '@medrank/db';
import type { Command } from 'commander';
import { CliError, accountDatabaseUrl } from '../env.js';

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('manage API tokens');
  token
    .command('create')
    .description(
      'create an API token for an account and print it (shown once; only its hash is stored)',
    )
    .requiredOption('--email <email>')
    .option('--name <name>', 'a label to recognise the token by', 'cli')
    .action(async (options: { email: string; name: string }) => {
      const db = createDatabase(accountDatabaseUrl(), { maxConnections: 1 });
      try {
        const user = await users.findByEmail(db, options.email);
        if (!user) throw new CliError(`no account for ${options.email}`);
        const created = await apiTokens.create(db, user.id, options.name);
        console.log(created.token);
      } finally {
        await db.$disconnect();
      }
    });
}
