// @medrank/endpoint-runner: runs endpoint submissions (docs/endpoint-submissions.md). What the
// web and the worker call:
// - parseEgressPolicy(env) and checkEndpointUrl(url, policy) at registration and before a run:
//   https, allowed hosts, no private or special address the site does not allow;
// - sealApiKey(publicKey, apiKey) on the web, openApiKey(privateKey, sealed) in the worker;
// - runEndpoint({ url, modelName, apiKey, taskType, contract, inputsZip, caseIds, policy }) for a
//   run: the predictions JSONL the scoring path reads, per-case latency and a run report; it
//   throws EndpointRunFailure (kind + a message fit for the submitter) when no run can happen.
export {
  checkEndpointUrl,
  chatCompletionsUrl,
  resolveWithSystemDns,
  type EndpointUrlCheck,
  type HostResolver,
} from './egress/check-endpoint-url.js';
export {
  judgeAddress,
  parseEgressPolicy,
  type AddressVerdict,
  type AllowedHost,
  type EgressPolicy,
  type EgressPolicyEnv,
} from './egress/egress-policy.js';
export { EndpointRunFailure, type EndpointRunFailureKind } from './endpoint-run-failure.js';
export {
  DEFAULT_RETRY_BACKOFF,
  MAX_REPORTED_FAILURES,
  MAX_RESPONSE_BYTES,
  runEndpoint,
  type EndpointCaseFailure,
  type EndpointCaseFailureKind,
  type EndpointRun,
  type EndpointRunCase,
  type EndpointRunReport,
  type RetryBackoff,
  type RunEndpointOptions,
} from './run-endpoint.js';
export {
  API_KEY_MAX_CHARS,
  generateEndpointKeyPair,
  openApiKey,
  sealApiKey,
  type EndpointKeyPair,
} from './sealing/seal-api-key.js';
export { ACCEPTED_IMAGE_FORMATS, MAX_IMAGE_BYTES } from './inputs/image-data-url.js';
export { placeholdersOf, renderPrompt, splitOptions } from './prompt/render-prompt.js';
