// Ground-truth validation parses and scores-checks uploaded files with @medrank/scoring's task
// types, so it has its own entry point: the worker (and the seed) import it; the web, which
// imports the rest of @medrank/curation, does not bundle scoring code.
export {
  previewOf,
  validateGroundTruthFiles,
  type GroundTruthValidation,
} from './ground-truth/validate-ground-truth-files.js';
