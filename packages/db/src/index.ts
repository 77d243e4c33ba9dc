export { createDatabase, Prisma } from './client.js';
export type { Database } from './client.js';
export {
  withTransaction,
  type DbClient,
  type Transaction,
  type TransactionOptions,
} from './transaction.js';
export * from './dto.js';
export * as users from './repositories/users.js';
export * as teams from './repositories/teams.js';
export * as apiTokens from './repositories/api-tokens.js';
export * as benchmarks from './repositories/benchmarks.js';
export * as submissions from './repositories/submissions.js';
export * as outbox from './repositories/outbox.js';
export * as groundTruth from './repositories/ground-truth.js';
export * as auditLog from './repositories/audit-log.js';
export { rankEntries } from './leaderboard/rank-entries.js';
export { roleDatabaseUrls } from './urls.js';
export * as boards from './repositories/boards.js';
export * as rankStats from './repositories/rank-stats.js';
export * as curators from './repositories/curators.js';
export * as benchmarkDefinitions from './repositories/benchmark-definitions.js';
export * as groundTruthUploads from './repositories/ground-truth-uploads.js';
export * as rescoreRuns from './repositories/rescore-runs.js';
export * as reported from './repositories/reported.js';
export * as moderation from './repositories/moderation.js';
export * as boardQueryLog from './repositories/board-query-log.js';
export type {
  BoardQueryKind,
  BoardQueryLogDto,
  BoardQueryOutcome,
} from './repositories/board-query-log.js';
export * as disclosure from './repositories/disclosure.js';
export * as predictionFingerprints from './repositories/prediction-fingerprints.js';
export * as participants from './repositories/participants.js';
export * as entryCases from './repositories/entry-cases.js';
export * as testInputs from './repositories/test-inputs.js';
export * as submissionRuns from './repositories/submission-runs.js';
