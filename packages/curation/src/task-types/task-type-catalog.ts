import { AppError } from '@medrank/core';
import { CLASSIFICATION_METRICS } from '@medrank/metrics';
import { describeMetric } from '@medrank/metrics/catalog';
import {
  DETECTION_METRICS,
  getTaskType,
  MULTIPLE_CHOICE_METRICS,
  OPEN_VQA_METRICS,
  REGRESSION_METRICS,
  REPORT_GENERATION_METRICS,
  RETRIEVAL_METRICS,
  segmentationMetricKeys,
  TASK_TYPES,
  type ClassificationConfig,
  type ExternalScorerConfig,
  type MultipleChoiceConfig,
  type SegmentationConfig,
} from '@medrank/scoring';

/** Display facts of a metric a task type computes. */
export interface MetricInfo {
  key: string;
  label: string;
  higherIsBetter: boolean;
}

export interface TaskTypeInfo {
  key: string;
  label: string;
  /** Metrics computable with the task type's default configuration (classification: binary). */
  metrics: MetricInfo[];
  groundTruthFormat: FileFormatInfo;
  predictionFormat: FileFormatInfo;
  /** An example task configuration for the guided flow; `{}` when the defaults do. */
  exampleConfig: Record<string, unknown>;
}

export interface FileFormatInfo {
  /** One or two sentences: file type, required fields, rules. */
  description: string;
  /** The first line(s) of a valid file. */
  example: string;
}

export const isKnownTaskType = (key: string): boolean => Object.hasOwn(TASK_TYPES, key);

/**
 * Parses a track's task configuration with the task type's own parser.
 * @throws {AppError} BAD_REQUEST naming the task type and what is wrong.
 */
export function parseTaskConfig(taskType: string, taskConfig: Record<string, unknown>): unknown {
  const type = getTaskType(taskType);
  try {
    return type.parseConfig(taskConfig);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('BAD_REQUEST', error instanceof Error ? error.message : String(error));
  }
}

/**
 * Metric keys a task type can compute under a parsed configuration: what a track may list in
 * `metrics`. The scorers themselves refuse anything else (`checkMetricKeys`), so this mirrors them.
 */
export function computableMetrics(taskType: string, config: unknown): string[] {
  switch (taskType) {
    case 'classification': {
      const { classes } = config as ClassificationConfig;
      const task = classes.length === 2 ? 'binary' : 'multiclass';
      return Object.values(CLASSIFICATION_METRICS)
        .filter((m) => (m.tasks as readonly string[]).includes(task))
        .map((m) => m.key);
    }
    case 'multiple-choice':
      // Macro accuracy averages per-category accuracies over the configured dimension.
      return (config as MultipleChoiceConfig).macroDimension
        ? [...MULTIPLE_CHOICE_METRICS]
        : MULTIPLE_CHOICE_METRICS.filter((m) => m !== 'vqa_macro_accuracy');
    case 'open-vqa':
      return [...OPEN_VQA_METRICS];
    case 'report-generation':
      return [
        ...REPORT_GENERATION_METRICS,
        ...(config as { externalScorers: ExternalScorerConfig[] }).externalScorers.map(
          (s) => s.key,
        ),
      ];
    case 'regression':
      return [...REGRESSION_METRICS];
    case 'retrieval':
      return [...RETRIEVAL_METRICS];
    case 'segmentation':
      return segmentationMetricKeys(config as SegmentationConfig);
    case 'detection':
      return [...DETECTION_METRICS];
    default:
      throw new AppError('BAD_REQUEST', `unknown task type "${taskType}"`);
  }
}

/** Label and direction of a metric key, from the one description every part of the platform reads. */
export function metricInfo(key: string, taskConfig?: Record<string, unknown>): MetricInfo {
  const { label, higherIsBetter } = describeMetric(key, taskConfig);
  return { key, label, higherIsBetter };
}

const EXAMPLE_CONFIGS: Record<string, Record<string, unknown>> = {
  classification: { classes: ['benign', 'malignant'], positiveClass: 'malignant' },
  'multiple-choice': {},
  'open-vqa': {},
  'report-generation': { sections: ['findings'] },
  regression: {},
  retrieval: {},
  segmentation: { labels: { '1': 'foreground' } },
  detection: {},
};

const FORMATS: Record<string, { groundTruth: FileFormatInfo; predictions: FileFormatInfo }> = {
  classification: {
    groundTruth: {
      description:
        'CSV with header case_id,label; label is one of the track’s classes (or its 0-based index); case ids unique.',
      example: 'case_id,label\ncase-001,malignant',
    },
    predictions: {
      description:
        'CSV with case_id and one probability column per class (p_<class>), or case_id,label; every case exactly once.',
      example: 'case_id,p_benign,p_malignant\ncase-001,0.2,0.8',
    },
  },
  'multiple-choice': {
    groundTruth: {
      description:
        'JSONL, one question per line: id, answer (one letter), options (2–26 texts), optional categories (text values).',
      example:
        '{"id": "q1", "answer": "B", "options": ["Pneumonia", "Edema", "Normal"], "categories": {"modality": "CT"}}',
    },
    predictions: {
      description:
        'JSONL {"id", "answer"} or CSV case_id,answer; the answer may be a letter, the option text or a sentence.',
      example: '{"id": "q1", "answer": "B"}',
    },
  },
  'open-vqa': {
    groundTruth: {
      description:
        'JSONL, one question per line: id, answer (a text or a list of acceptable texts), optional categories.',
      example:
        '{"id": "q1", "answer": ["left lower lobe", "LLL"], "categories": {"organ": "chest"}}',
    },
    predictions: {
      description: 'JSONL {"id", "answer"} or CSV case_id,answer; every case exactly once.',
      example: '{"id": "q1", "answer": "left lower lobe"}',
    },
  },
  'report-generation': {
    groundTruth: {
      description:
        'JSONL, one study per line: id and the reference text of each configured section (findings, impression), optional categories.',
      example: '{"id": "s1", "findings": "No focal consolidation.", "impression": "Normal chest."}',
    },
    predictions: {
      description:
        'JSONL {"id", "findings", "impression"}: the generated sections, every study once.',
      example: '{"id": "s1", "findings": "Lungs are clear."}',
    },
  },
  regression: {
    groundTruth: {
      description: 'CSV with header case_id,value; values are finite decimal numbers.',
      example: 'case_id,value\ncase-001,42.5',
    },
    predictions: {
      description: 'CSV case_id,value; every case exactly once.',
      example: 'case_id,value\ncase-001,40.1',
    },
  },
  retrieval: {
    groundTruth: {
      description:
        'TREC qrels: query_id iteration doc_id relevance per line (whitespace separated).',
      example: 'q1 0 doc-17 2',
    },
    predictions: {
      description: 'TREC run: query_id Q0 doc_id rank score tag per line.',
      example: 'q1 Q0 doc-17 1 12.5 my-run',
    },
  },
  segmentation: {
    groundTruth: {
      description:
        'ZIP of label masks named <case_id>.nii.gz, <case_id>.nii or <case_id>.png; voxel values are the configured labels.',
      example: 'case-001.nii.gz',
    },
    predictions: {
      description: 'ZIP of predicted masks with the same names and shapes as the ground truth.',
      example: 'case-001.nii.gz',
    },
  },
  detection: {
    groundTruth: {
      description:
        'COCO JSON { images, annotations, categories }; every image is a case, boxes [x, y, w, h].',
      example:
        '{"images": [{"id": 1}], "annotations": [{"image_id": 1, "category_id": 1, "bbox": [10, 20, 30, 40]}], "categories": [{"id": 1, "name": "nodule"}]}',
    },
    predictions: {
      description:
        'COCO results JSON [{ image_id, category_id, bbox, score }] or CSV image_id,category_id,x1,y1,x2,y2,score.',
      example: 'image_id,category_id,x1,y1,x2,y2,score\n1,1,10,20,40,60,0.93',
    },
  },
};

/** Every task type the platform scores, with its metrics and file formats, for the guided flow. */
export function listTaskTypes(): TaskTypeInfo[] {
  return Object.values(TASK_TYPES).map((type) => {
    const exampleConfig = EXAMPLE_CONFIGS[type.key] ?? {};
    const config = (type as { parseConfig(raw: Record<string, unknown>): unknown }).parseConfig(
      exampleConfig,
    );
    const formats = FORMATS[type.key];
    return {
      key: type.key,
      label: type.label,
      metrics: computableMetrics(type.key, config).map((key) => metricInfo(key, exampleConfig)),
      groundTruthFormat: formats?.groundTruth ?? { description: '', example: '' },
      predictionFormat: formats?.predictions ?? { description: '', example: '' },
      exampleConfig,
    };
  });
}
