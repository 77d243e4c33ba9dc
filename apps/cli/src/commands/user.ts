import { TEXT_LIMITS } from '@medrank/core';
import { createDatabase, users } from '@medrank/db';
import { hashPassword } from 'better-auth/crypto';
import type { Command } from 'commander';
import { z } from 'zod';
import { CliError, accountDatabaseUrl } from '../env.js';

const createUserSchema = z.object({
  email: z.email('--email must be an email address'),
  password: z.string().min(8, '--password must have at least 8 characters').max(128),
  name: z.string().max(TEXT_LIMITS.personName).optional(),
  admin: z.boolean().default(false),
});

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('manage accounts');
  user
    .command('create')
    .description('create an account with an email and password (and its personal team)')
    .requiredOption('--email <email>')
    .requiredOption('--password <password>')
    .option('--name <name>', 'display name (defaults to the part of the email before @)')
    .option('--admin', 'make the account a site admin', false)
    .action(async (options: unknown) => {
      const parsed = createUserSchema.safeParse(options);
      if (!parsed.success)
        throw new CliError(parsed.error.issues.map((i) => i.message).join('; '), 2);
      const { email, password, name, admin } = parsed.data;
      const db = createDatabase(accountDatabaseUrl(), { maxConnections: 1 });
      try {
        if (await users.findByEmail(db, email)) {
          throw new CliError(
            `an account for ${email} already exists${admin ? ' (use `medrank user set-role` to make it an admin)' : ''}`,
          );
        }
        const created = await users.createWithPassword(db, {
          email,
          name: name ?? email.split('@')[0] ?? email,
          passwordHash: await hashPassword(password),
          role: admin ? 'admin' : 'user',
        });
        console.log(
          `created ${created.role === 'admin' ? 'site admin' : 'user'} ${created.email} (${created.id})`,
        );
      } finally {
        await db.$disconnect();
      }
    });
  user
    .command('set-role')
    .description(
      'make an account a site admin, a curator (may create benchmarks), or a plain user again',
    )
    .requiredOption('--email <email>')
    .requiredOption('--role <role>', 'admin, curator or user')
    .action(async (options: { email: string; role: string }) => {
      if (options.role !== 'admin' && options.role !== 'curator' && options.role !== 'user')
        throw new CliError('--role must be "admin", "curator" or "user"', 2);
      const db = createDatabase(accountDatabaseUrl(), { maxConnections: 1 });
      try {
        const updated = await users.setRole(db, options.email, options.role);
        if (!updated) throw new CliError(`no account for ${options.email}`);
        console.log(
          `${updated.email} is now ${{ admin: 'a site admin', curator: 'a curator', user: 'a user' }[updated.role]}`,
        );
      } finally {
        await db.$disconnect();
      }
    });
}
