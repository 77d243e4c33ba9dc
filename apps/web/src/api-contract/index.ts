import * as analysis from './analysis';
import * as boards from './boards';
import * as catalog from './catalog';
import * as curation from './curation';
import type { ApiOperation } from './operation';
import * as submissions from './submissions';
import * as testInputs from './test-inputs';

export { API_TAGS, type ApiOperation } from './operation';

const isOperation = (value: unknown): value is ApiOperation =>
  typeof value === 'object' && value !== null && 'operationId' in value && 'responses' in value;

/** Every operation of /api/v1, in the order the document lists them (module by module). */
export const API_OPERATIONS: readonly ApiOperation[] = [
  catalog,
  boards,
  analysis,
  submissions,
  curation,
  testInputs,
].flatMap((module) => Object.values(module).filter(isOperation));
