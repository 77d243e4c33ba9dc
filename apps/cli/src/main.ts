import { Command, CommanderError } from 'commander';
import { registerCurationCommands } from './commands/curation.js';
import { registerGroundTruthCommands } from './commands/ground-truth.js';
import { registerSubmitCommand } from './commands/submit.js';
import { registerTestInputsCommands } from './commands/test-inputs.js';
import { registerTokenCommands } from './commands/token.js';
import { registerUserCommands } from './commands/user.js';
import { CliError, loadEnv } from './env.js';

loadEnv();
const program = new Command('medrank')
  .description('MedRank command line: accounts, tokens, submissions, curation')
  .exitOverride();
registerUserCommands(program);
registerTokenCommands(program);
registerSubmitCommand(program);
registerCurationCommands(program);
registerGroundTruthCommands(program);
registerTestInputsCommands(program);
(await import('./commands/score.js')).registerScoreCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof CliError) {
    console.error(`medrank: ${error.message}`);
    process.exitCode = error.exitCode;
  } else {
    console.error('medrank: unexpected error:', error);
    process.exitCode = 1;
  }
}
