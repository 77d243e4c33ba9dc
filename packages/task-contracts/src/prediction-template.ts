import { type TaskTypeKey } from './task-type-contracts.js';

/**
 * A predictions file with every case id of a track and empty answers, for participants to fill.
 * Kinds whose files are not one row per case (a ZIP of masks, a TREC run, COCO boxes) have none:
 * `reason` says what to do instead.
 */
export type PredictionTemplate =
  | {
      format: 'csv';
      extension: 'csv';
      contentType: 'text/csv; charset=utf-8';
      header: readonly string[];
      /** The cells of a case's row: its id, then empty cells. */
      row(caseId: string): readonly string[];
    }
  | {
      format: 'jsonl';
      extension: 'jsonl';
      contentType: 'application/jsonl; charset=utf-8';
      /** The object of a case's line: its id, then empty fields to fill. */
      record(caseId: string): Record<string, string>;
    }
  | { format: null; reason: string };

/**
 * The template of a track's predictions: the same columns and fields the task type's parser
 * requires (the scoring package's contract tests parse a filled template of every task type).
 */
export function predictionTemplate(
  taskType: string,
  taskConfig: Readonly<Record<string, unknown>>,
): PredictionTemplate {
  const csv = (header: readonly string[]): PredictionTemplate => ({
    format: 'csv',
    extension: 'csv',
    contentType: 'text/csv; charset=utf-8',
    header,
    row: (caseId) => [caseId, ...header.slice(1).map(() => '')],
  });
  switch (taskType as TaskTypeKey) {
    case 'classification': {
      const classes = Array.isArray(taskConfig.classes) ? taskConfig.classes.map(String) : [];
      return csv(['case_id', ...classes.map((c) => `p_${c}`)]);
    }
    case 'multiple-choice':
    case 'open-vqa':
    case 'closed-vqa':
      return csv(['case_id', 'answer']);
    case 'regression':
      return csv(['case_id', 'value']);
    case 'report-generation': {
      const sections =
        Array.isArray(taskConfig.sections) && taskConfig.sections.length > 0
          ? taskConfig.sections.map(String)
          : ['findings'];
      return {
        format: 'jsonl',
        extension: 'jsonl',
        contentType: 'application/jsonl; charset=utf-8',
        record: (caseId) => ({ id: caseId, ...Object.fromEntries(sections.map((s) => [s, ''])) }),
      };
    }
    case 'segmentation':
      return {
        format: null,
        reason:
          'Segmentation predictions are a ZIP of masks, one per case, named <case_id>.nii.gz, <case_id>.nii or <case_id>.png.',
      };
    case 'retrieval':
      return {
        format: null,
        reason:
          'Retrieval predictions are a TREC run (query_id Q0 doc_id rank score tag per line), any number of lines per query.',
      };
    case 'detection':
      return {
        format: null,
        reason:
          'Detection predictions are a list of boxes (COCO results JSON or CSV image_id,category_id,x1,y1,x2,y2,score), any number per image.',
      };
    default:
      return { format: null, reason: `unknown task type "${taskType}"` };
  }
}
