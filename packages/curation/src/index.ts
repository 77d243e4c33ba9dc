// @medrank/curation: what curators do (server-side only; the web, the CLI, the worker and the
// seed call it). Every mutating function takes the acting user and writes an audit row.
export {
  assertCanCurate,
  assertCanCreateBenchmarks,
  canCreateBenchmarks,
  isSiteAdmin,
  type Actor,
  type CuratedBenchmark,
} from './access/actor.js';
export {
  grantCurator,
  listCuratedBenchmarks,
  revokeCurator,
  setSiteCuratorRole,
} from './access/curators.js';
export {
  benchmarkDefinitionSchema,
  formatPath,
  nearDuplicateSchema,
  parseBenchmarkDefinitionOrThrow,
  PHASE_DEFENCE_DEFAULTS,
  phaseDefinitionSchema,
  reportedMetricSchema,
  testSetDefinitionSchema,
  trackColumns,
  trackDefinitionSchema,
  validateBenchmarkDefinition,
  type BenchmarkDefinition,
  type BenchmarkDefinitionInput,
  type DefinitionValidation,
  type PhaseDefinition,
  type ReportedMetricDefinition,
  type TestSetDefinition,
  type TrackDefinition,
} from './definition/benchmark-definition.js';
export {
  benchmarkDefinitionToYaml,
  canonicalDefinition,
  parseBenchmarkYaml,
  type BenchmarkYamlResult,
} from './definition/benchmark-yaml.js';
export {
  createBenchmark,
  exportBenchmarkDefinition,
  listAuditLog,
  publishBenchmark,
  updateBenchmark,
  type PublishProblem,
} from './benchmarks/manage-benchmark.js';
export {
  deleteDraftBenchmark,
  type BlobRemover,
  type DeletedDraftBenchmark,
} from './benchmarks/delete-draft-benchmark.js';
export {
  groundTruthConfirmNote,
  versionBumpNotice,
  versionBumpNotices,
  type VersionBump,
} from './benchmarks/version-notes.js';
export { listBoardQueries } from './benchmarks/list-board-queries.js';
export {
  computableMetrics,
  listTaskTypes,
  metricInfo,
  parseTaskConfig,
  type FileFormatInfo,
  type MetricInfo,
  type TaskTypeInfo,
} from './task-types/task-type-catalog.js';
export {
  suggestMetrics,
  type MetricRole,
  type MetricSuggestion,
} from './task-types/suggest-metrics.js';
export {
  confirmGroundTruthUpload,
  getGroundTruthUpload,
  listGroundTruthUploads,
  startGroundTruthUpload,
  startGroundTruthUploadInputSchema,
  type StartGroundTruthUploadInput,
} from './ground-truth/ground-truth-uploads.js';
export {
  applyGroundTruthUpload,
  type ApplyGroundTruthUploadInput,
} from './ground-truth/apply-ground-truth-upload.js';
export {
  decideGroundTruthVersion,
  type GroundTruthVersionDecision,
} from './ground-truth/ground-truth-version-rule.js';
export { getRescoreRun, requestRescore, type RescoreTarget } from './rescore/request-rescore.js';
export { bumpEvaluatorVersion } from './rescore/bump-evaluator-version.js';
export { decideRescoreAfterBump, type RescoreAfterBump } from './rescore/rescore-bookkeeping.js';
export {
  importReportedResults,
  modelSlugOf,
  parseReportedCsv,
  REPORTED_COLUMN_LIMITS,
  type ImportReportedResult,
} from './reported/import-reported-results.js';
export {
  moderateEntry,
  moderateEntryInputSchema,
  type ModerateEntryInput,
} from './moderation/moderate-entry.js';
export {
  requestParticipation,
  requestParticipationInputSchema,
  MAX_PARTICIPATION_MESSAGE_LENGTH,
  type RequestParticipationInput,
} from './participation/request-participation.js';
export { getParticipation, type ParticipationState } from './participation/get-participation.js';
export { assertMaySubmit } from './participation/assert-may-submit.js';
export { listParticipants } from './participation/list-participants.js';
export {
  decideParticipation,
  decideParticipationInputSchema,
  MAX_DECISION_NOTE_LENGTH,
  type DecideParticipationInput,
} from './participation/decide-participation.js';
export { recordSubmission, type RecordSubmissionInput } from './submissions/record-submission.js';
export {
  countsTowardsQuota,
  decideSubmissionQuota,
  QUOTA_EXEMPT_STATUSES,
  type QuotaRefusal,
  type QuotaUsage,
  type SubmissionQuotas,
} from './submissions/submission-quota.js';
export { listCuratorEntries } from './entry-results/list-curator-entries.js';
export {
  confirmTestInputsUpload,
  getTestInputsUpload,
  startTestInputsUpload,
  startTestInputsUploadInputSchema,
  type StartTestInputsUploadInput,
} from './test-inputs/test-inputs-uploads.js';
export {
  validateTestInputs,
  type TestInputsValidation,
} from './test-inputs/validate-test-inputs.js';
