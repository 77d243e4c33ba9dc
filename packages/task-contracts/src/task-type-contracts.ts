// The contract of each task type: what a curator configures, what files the platform reads, what
// a participant's template looks like and which metric keys exist. Metadata only (no parser, no
// scorer): the web, the CLI, the curation flow, the OpenAPI document and docs/task-types.md read
// it, and the task types in @medrank/scoring are tested against it (contracts.test.ts there), so
// a format described here is a format the parser accepts.
import { DEFAULT_TEXT_NORMALIZATION, TEXT_NORMALIZATIONS } from '@medrank/metrics/catalog';

export const TASK_TYPE_KEYS = [
  'classification',
  'multiple-choice',
  'open-vqa',
  'closed-vqa',
  'report-generation',
  'regression',
  'retrieval',
  'segmentation',
  'detection',
] as const;

export type TaskTypeKey = (typeof TASK_TYPE_KEYS)[number];

/** One key of a track's task configuration (`taskConfig`), as curators read it in the docs and the flow. */
export interface ConfigKeyContract {
  key: string;
  /** The JSON shape, e.g. `string[]`, `integer ≥ 1`, `"monai" | "pooled"`. */
  type: string;
  /** The default as written in YAML/JSON; null when the key is required. */
  default: string | null;
  description: string;
}

/** A file the platform reads: a curator's ground truth or a participant's predictions. */
export interface FileFormatContract {
  /** One or two sentences: file type and what it holds. */
  description: string;
  /** Checkable rules, one per line of the "Submission format" box. */
  rules: readonly string[];
  /** The first line(s) of a valid file (or a file name for archives). */
  example: string;
  /** The file picker's filter (extensions and media types), e.g. `['.csv', 'text/csv']`. */
  accept: readonly string[];
}

export interface TaskTypeContract {
  key: TaskTypeKey;
  label: string;
  /** A chip's worth: catalog cards, benchmark headers, the curator's list. */
  shortLabel: string;
  /** One sentence for the catalog and the curation flow. */
  summary: string;
  groundTruth: FileFormatContract;
  predictions: FileFormatContract;
  config: readonly ConfigKeyContract[];
  /** A configuration that works, for the guided flow and the docs. */
  exampleConfig: Readonly<Record<string, unknown>>;
  /** The metric keys this task type computes (per-label or config-dependent keys are explained in `metricKeyNote`). */
  metricKeys: readonly string[];
  metricKeyNote?: string;
}

const MIN_CATEGORY_SIZE: ConfigKeyContract = {
  key: 'minCategorySize',
  type: 'integer ≥ 1',
  default: '20',
  description:
    'Breakdown cells (per category of the public case metadata) with fewer cases are never shown; the disclosure rules may merge or hide more.',
};

const MODEL_CONTRACT: ConfigKeyContract = {
  key: 'model',
  type: '{ input, output, limits, exclusive }',
  default: 'none (the track takes prediction files only)',
  description:
    "Present: the track also takes ONNX models, run by MedRank's workers on the test inputs (hidden ones included): the input tensor (name, shape — [N, C, H, W] or [N, H, W, C] for images, [N, C, D, H, W] for NIfTI volumes —, dtype, layout, scaling, resize), the output (name, values) and the run's limits; exclusive: true makes it take models only, refusing prediction files (docs/model-submissions.md).",
};

const ENDPOINT_CONTRACT: ConfigKeyContract = {
  key: 'endpoint',
  type: '{ prompt | sections, system, maxTokens, temperature, limits, exclusive }',
  default: 'none (the track takes prediction files only)',
  description:
    "Present: the track also takes OpenAI-compatible chat-completions endpoints, called by MedRank's workers with each case's image and this prompt ({column} = the case's inputs-manifest column) within the limits (concurrency, requestTimeoutMs, retries, totalSeconds); exclusive: true makes it take endpoints only, refusing prediction files (docs/endpoint-submissions.md).",
};

const UTF8_TEXT = 'UTF-8 text; up to 100 MB (the platform limit).';
const EVERY_CASE_ONCE = 'Every case id of the test set exactly once; no unknown or repeated ids.';

const CATEGORY_NOTE =
  'optional "categories": an object of text values (e.g. {"modality": "CT"}) used for breakdowns';

export const TASK_TYPE_CONTRACTS: Readonly<Record<TaskTypeKey, TaskTypeContract>> = {
  classification: {
    key: 'classification',
    label: 'Classification',
    shortLabel: 'Classification',
    summary:
      'One label per case from a fixed list of classes; binary or multi-class, scored on probabilities or hard labels.',
    groundTruth: {
      description:
        'CSV with header case_id,label; label is one of the track’s classes (or its 0-based index); case ids unique.',
      rules: ['CSV with header case_id,label.', 'label: a class name or its 0-based index.'],
      example: 'case_id,label\ncase-001,malignant',
      accept: ['.csv', 'text/csv'],
    },
    predictions: {
      description:
        'CSV with case_id and one probability column per class (p_<class>), or case_id,label with hard labels.',
      rules: [
        'CSV with a header row: case_id, then p_<class> for every class of the track.',
        'Probabilities in [0, 1] summing to 1 per row (hard labels: case_id,label instead).',
        EVERY_CASE_ONCE,
        UTF8_TEXT,
      ],
      example: 'case_id,p_benign,p_malignant\ncase-001,0.2,0.8',
      accept: ['.csv', 'text/csv'],
    },
    config: [
      {
        key: 'classes',
        type: 'string[] (≥ 2)',
        default: null,
        description: 'Class names in index order; two classes make a binary task.',
      },
      {
        key: 'positiveClass',
        type: 'class name or index',
        default: 'the second class (binary tasks)',
        description:
          'The positive class of binary metrics (sensitivity, F1, AUROC, average precision).',
      },
      MODEL_CONTRACT,
    ],
    exampleConfig: { classes: ['benign', 'malignant'], positiveClass: 'malignant' },
    metricKeys: [
      'roc_auc',
      'accuracy',
      'balanced_accuracy',
      'sensitivity',
      'specificity',
      'f1',
      'f1_macro',
      'average_precision',
      'cohen_kappa',
      'cohen_kappa_linear',
      'cohen_kappa_quadratic',
      'ece',
    ],
    metricKeyNote:
      'sensitivity, specificity, f1 and average_precision need a binary task (two classes).',
  },
  'multiple-choice': {
    key: 'multiple-choice',
    label: 'Multiple choice / closed VQA',
    shortLabel: 'Multiple-choice VQA',
    summary:
      'Questions with lettered options (A, B, …); the answer letter is extracted from the response as VLMEvalKit does.',
    groundTruth: {
      description: `JSONL, one question per line: id, answer (one letter), options (2–26 texts), ${CATEGORY_NOTE}.`,
      rules: ['JSONL: one JSON object per line.', 'answer: one letter A–Z within the options.'],
      example:
        '{"id": "q1", "answer": "B", "options": ["Pneumonia", "Edema", "Normal"], "categories": {"modality": "CT"}}',
      accept: ['.jsonl', '.ndjson', 'application/jsonl', 'application/x-ndjson'],
    },
    predictions: {
      description:
        'JSONL {"id", "answer"} per line, or CSV case_id,answer; the answer may be a letter, the option text or a sentence.',
      rules: [
        'JSONL {"id": "<case id>", "answer": "<response>"} per line, or CSV with header case_id,answer.',
        'The response may be a letter, the option text or a sentence; one without an extractable letter counts as wrong and as an extraction failure.',
        EVERY_CASE_ONCE,
        UTF8_TEXT,
      ],
      example: '{"id": "q1", "answer": "B"}',
      accept: ['.jsonl', '.ndjson', '.csv', 'application/jsonl', 'text/csv'],
    },
    config: [
      {
        key: 'macroDimension',
        type: 'string',
        default: 'none',
        description:
          'A category dimension (e.g. "department") whose per-category accuracies are averaged for vqa_macro_accuracy, as GMAI-MMBench reports.',
      },
      MIN_CATEGORY_SIZE,
      ENDPOINT_CONTRACT,
    ],
    exampleConfig: {},
    metricKeys: ['vqa_accuracy', 'extraction_failure_rate', 'vqa_macro_accuracy'],
    metricKeyNote: 'vqa_macro_accuracy needs macroDimension.',
  },
  'open-vqa': {
    key: 'open-vqa',
    label: 'Open-ended VQA',
    shortLabel: 'Open VQA',
    summary:
      'Free-text answers compared with one or more acceptable answers (SQuAD-normalized exact match and token F1).',
    groundTruth: {
      description: `JSONL, one question per line: id, answer (a text or a list of acceptable texts), ${CATEGORY_NOTE}.`,
      rules: ['JSONL: one JSON object per line.', 'answer: a text or a list of acceptable texts.'],
      example:
        '{"id": "q1", "answer": ["left lower lobe", "LLL"], "categories": {"organ": "chest"}}',
      accept: ['.jsonl', '.ndjson', 'application/jsonl', 'application/x-ndjson'],
    },
    predictions: {
      description: 'JSONL {"id", "answer"} per line, or CSV case_id,answer.',
      rules: [
        'JSONL {"id": "<case id>", "answer": "<text>"} per line, or CSV with header case_id,answer.',
        'Answers are compared after lower-casing and removing punctuation and articles (SQuAD normalization).',
        EVERY_CASE_ONCE,
        UTF8_TEXT,
      ],
      example: '{"id": "q1", "answer": "left lower lobe"}',
      accept: ['.jsonl', '.ndjson', '.csv', 'application/jsonl', 'text/csv'],
    },
    config: [ENDPOINT_CONTRACT, MIN_CATEGORY_SIZE],
    exampleConfig: {},
    metricKeys: ['vqa_exact_match', 'vqa_token_f1'],
  },
  'closed-vqa': {
    key: 'closed-vqa',
    label: 'Closed question (yes/no, either-or)',
    shortLabel: 'Closed questions',
    summary:
      'Questions answered with one of a few texts (yes/no, or alternatives the question names such as left/right); the answer is read from a free-text response.',
    groundTruth: {
      description: `JSONL, one question per line: id, answer (one of the track’s answerSet, default yes/no), optional "choices" (2–10 texts, e.g. ["left", "right"]) replacing the answer set for an either-or question, ${CATEGORY_NOTE}.`,
      rules: [
        'JSONL: one JSON object per line.',
        'answer: one of the question’s choices, or of the track’s answerSet when it has none (case, punctuation and articles aside).',
        'choices (optional): 2–10 texts, distinct once case, punctuation and articles are ignored.',
      ],
      example:
        '{"id": "q1", "answer": "yes", "categories": {"organ": "chest"}}\n{"id": "q2", "answer": "left", "choices": ["left", "right"]}',
      accept: ['.jsonl', '.ndjson', 'application/jsonl', 'application/x-ndjson'],
    },
    predictions: {
      description:
        'JSONL {"id", "answer"} per line, or CSV case_id,answer; the answer may be the choice itself or a sentence stating it.',
      rules: [
        'JSONL {"id": "<case id>", "answer": "<response>"} per line, or CSV with header case_id,answer.',
        'The response is lower-cased, punctuation becomes spaces and the articles a/an/the are dropped; then the first rule that applies reads the answer: (1) the response equals a choice; (2) it begins with a choice (“Yes, there is an effusion; no pneumothorax.” is yes); (3) exactly one choice occurs in it (“There is no mass.” is no).',
        'Choices match whole words only (“no” is not in “not”, “none” or “know”), and a choice inside a longer one (“effusion” in “pleural effusion”) does not count. Negation is not understood; synonyms (“yeah”) are not choices.',
        'Extraction failures count as wrong and are reported as extraction_failure_rate: an empty response; one naming no choice; one naming two or more without beginning with one; one beginning with a hedge: a choice, then or/and/nor/vs and another choice (“yes or no”), or nothing but choices (“yes/no”).',
        EVERY_CASE_ONCE,
        UTF8_TEXT,
      ],
      example: 'case_id,answer\nq1,"Yes, there is an effusion."',
      accept: ['.jsonl', '.ndjson', '.csv', 'application/jsonl', 'text/csv'],
    },
    config: [
      {
        key: 'answerSet',
        type: 'string[] (2–10)',
        default: '["yes", "no"]',
        description:
          'The answers of questions without their own "choices"; distinct once case, punctuation and articles are ignored. Truth answers are checked against it on upload.',
      },
      MIN_CATEGORY_SIZE,
      ENDPOINT_CONTRACT,
    ],
    exampleConfig: {},
    metricKeys: ['closed_accuracy', 'closed_balanced_accuracy', 'extraction_failure_rate'],
    metricKeyNote:
      'closed_balanced_accuracy counts every distinct true answer once, however few its questions: on a track mixing yes/no with either-or questions, an answer asked once (e.g. "FLAIR") weighs as much as all the yes answers, so give either-or questions their own track when balance between yes and no is what matters.',
  },
  'report-generation': {
    key: 'report-generation',
    label: 'Report generation',
    shortLabel: 'Report generation',
    summary:
      'Generated radiology report sections scored against the reference with BLEU, ROUGE-L, METEOR and CIDEr-D (and external scorers).',
    groundTruth: {
      description: `JSONL, one study per line: id and the reference text of each configured section (findings, impression), ${CATEGORY_NOTE}.`,
      rules: ['JSONL: one JSON object per line.', 'Every configured section a non-empty text.'],
      example: '{"id": "s1", "findings": "No focal consolidation.", "impression": "Normal chest."}',
      accept: ['.jsonl', '.ndjson', 'application/jsonl', 'application/x-ndjson'],
    },
    predictions: {
      description:
        'JSONL {"id", "<section>": "<text>", …}: the generated sections, every study once.',
      rules: [
        'JSONL: one JSON object per line with "id" and a text for every section of the track.',
        EVERY_CASE_ONCE,
        UTF8_TEXT,
      ],
      example: '{"id": "s1", "findings": "Lungs are clear."}',
      accept: ['.jsonl', '.ndjson', 'application/jsonl', 'application/x-ndjson'],
    },
    config: [
      {
        key: 'sections',
        type: 'string[]',
        default: '["findings"]',
        description:
          'Sections scored, in order; several are joined with one space (ReXrank: ["findings"] and ["findings", "impression"]).',
      },
      {
        key: 'textNormalization',
        type: TEXT_NORMALIZATIONS.map((n) => `"${n.key}"`).join(' | '),
        default: `"${DEFAULT_TEXT_NORMALIZATION}"`,
        description: `How text becomes the tokens of BLEU, METEOR and CIDEr-D. ${TEXT_NORMALIZATIONS.map((n) => `"${n.key}": ${n.description}`).join(' ')}`,
      },
      {
        key: 'externalScorers',
        type: '{ key, label, url, higherIsBetter, version }[]',
        default: '[]',
        description:
          'Model-based metrics (RadGraph F1, GREEN, …) computed by curator-run HTTP scorers (docs/external-scorers.md).',
      },
      MIN_CATEGORY_SIZE,
      ENDPOINT_CONTRACT,
    ],
    exampleConfig: { sections: ['findings'], textNormalization: 'ptb-lower' },
    metricKeys: [
      'bleu1_corpus',
      'bleu2_corpus',
      'bleu3_corpus',
      'bleu4_corpus',
      'rougeL_f',
      'meteor',
      'cider_d',
    ],
    metricKeyNote: 'Plus the key of every external scorer the track declares.',
  },
  regression: {
    key: 'regression',
    label: 'Measurement / regression',
    shortLabel: 'Measurement',
    summary: 'One number per case (e.g. an ejection fraction or a bone age).',
    groundTruth: {
      description: 'CSV with header case_id,value; values are finite decimal numbers.',
      rules: ['CSV with header case_id,value.', 'value: a finite decimal number.'],
      example: 'case_id,value\ncase-001,42.5',
      accept: ['.csv', 'text/csv'],
    },
    predictions: {
      description: 'CSV case_id,value; every case exactly once.',
      rules: [
        'CSV with header case_id,value.',
        'value: a finite decimal number (no NaN or empty cells).',
        EVERY_CASE_ONCE,
        UTF8_TEXT,
      ],
      example: 'case_id,value\ncase-001,40.1',
      accept: ['.csv', 'text/csv'],
    },
    config: [MIN_CATEGORY_SIZE],
    exampleConfig: {},
    metricKeys: ['mae', 'rmse', 'pearson_r', 'spearman_rho'],
  },
  retrieval: {
    key: 'retrieval',
    label: 'Retrieval',
    shortLabel: 'Retrieval',
    summary: 'Ranked documents per query (report or image retrieval), scored as trec_eval does.',
    groundTruth: {
      description:
        'TREC qrels: query_id iteration doc_id relevance per line (whitespace separated).',
      rules: ['TREC qrels, four whitespace-separated fields per line.'],
      example: 'q1 0 doc-17 2',
      accept: ['.txt', '.qrels', 'text/plain'],
    },
    predictions: {
      description: 'TREC run: query_id Q0 doc_id rank score tag per line.',
      rules: [
        'TREC run: six whitespace-separated fields per line (query_id Q0 doc_id rank score tag).',
        'Documents are ranked by score (ties by document id), as trec_eval does.',
        UTF8_TEXT,
      ],
      example: 'q1 Q0 doc-17 1 12.5 my-run',
      accept: ['.txt', '.run', '.trec', 'text/plain'],
    },
    config: [
      {
        key: 'k',
        type: 'integer ≥ 1',
        default: '10',
        description: 'Cutoff of nDCG@k and Recall@k.',
      },
      {
        key: 'relevanceLevel',
        type: 'integer',
        default: '1',
        description:
          'Minimum qrels level counted as relevant for MAP, MRR and Recall (trec_eval -l).',
      },
      MIN_CATEGORY_SIZE,
    ],
    exampleConfig: {},
    metricKeys: ['ndcg_at_k', 'map', 'mrr', 'recall_at_k'],
  },
  segmentation: {
    key: 'segmentation',
    label: 'Segmentation',
    shortLabel: 'Segmentation',
    summary:
      '2D or 3D label masks (NIfTI or PNG) scored per structure with Dice, IoU, HD95, NSD and ASSD.',
    groundTruth: {
      description:
        'ZIP of label masks named <case_id>.nii.gz, <case_id>.nii or <case_id>.png; voxel values are the configured labels.',
      rules: [
        'ZIP of masks named <case_id>.nii.gz, .nii or .png.',
        'Voxel values: 0 background, and the values of the label map (e.g. 255 for 0/255 PNG masks).',
      ],
      example: 'case-001.nii.gz',
      accept: ['.zip', 'application/zip'],
    },
    predictions: {
      description: 'ZIP of predicted masks with the same names and shapes as the ground truth.',
      rules: [
        'ZIP with one mask per case, named <case_id>.nii.gz, <case_id>.nii or <case_id>.png.',
        'Same shape as the case’s image; voxel values are the track’s label values (0 is background).',
        EVERY_CASE_ONCE,
      ],
      example: 'case-001.nii.gz',
      accept: ['.zip', 'application/zip'],
    },
    config: [
      {
        key: 'labels',
        type: '{ "<value>": "<name>" }',
        default: '{ "1": "foreground" }',
        description:
          'Scored labels: voxel value (1–65535) → structure name (letters, digits, "_" or "-"). 0/255 PNG masks: { "255": "lesion" }.',
      },
      {
        key: 'toleranceMm',
        type: 'number ≥ 0',
        default: '2',
        description: 'NSD tolerance τ in mm.',
      },
      {
        key: 'hd95Convention',
        type: '"monai" | "pooled"',
        default: '"monai"',
        description:
          'HD95 as MONAI (max of the two directed 95th percentiles) or pooled over both directions (medpy).',
      },
      {
        key: 'spacingMm',
        type: '[row, column] numbers > 0',
        default: '[1, 1]',
        description: 'Pixel spacing of PNG masks, which carry none; NIfTI masks use their header.',
      },
      {
        key: 'oneEmptyDistance',
        type: '"diagonal" | "infinity"',
        default: '"diagonal"',
        description:
          'HD95/ASSD of a case where only one of truth and prediction has the structure: the image diagonal in mm (finite, Metrics Reloaded) or +Infinity.',
      },
      {
        key: 'maxMaskVoxels',
        type: 'integer ≥ 1',
        default: '67108864',
        description: 'Largest mask accepted, in voxels, checked from its header before decoding.',
      },
      {
        key: 'maxTruthPayloadBytes',
        type: 'integer ≥ 1',
        default: '4194304',
        description: 'Cap on one case’s stored ground-truth mask (encoded).',
      },
      MIN_CATEGORY_SIZE,
      MODEL_CONTRACT,
    ],
    exampleConfig: { labels: { '1': 'foreground' } },
    metricKeys: ['dice', 'iou', 'hd95', 'nsd', 'assd'],
    metricKeyNote:
      'Each also per structure as <metric>:<label name>, e.g. dice:lesion, hd95:liver; without a suffix the mean over labels. Distances (hd95, assd) are in mm, lower is better.',
  },
  detection: {
    key: 'detection',
    label: 'Detection / grounding',
    shortLabel: 'Detection',
    summary: 'Boxes per image (COCO files), scored with COCO and VOC mAP and FROC sensitivity.',
    groundTruth: {
      description:
        'COCO JSON { images, annotations, categories }; every image is a case, boxes [x, y, w, h].',
      rules: ['COCO JSON with images, annotations and categories.', 'Every image is a case.'],
      example:
        '{"images": [{"id": 1, "file_name": "img-001.png"}], "annotations": [{"image_id": 1, "category_id": 1, "bbox": [10, 20, 30, 40]}], "categories": [{"id": 1, "name": "nodule"}]}',
      accept: ['.json', 'application/json'],
    },
    predictions: {
      description:
        'COCO results JSON [{ image_id, category_id, bbox, score }] or CSV image_id,category_id,x1,y1,x2,y2,score.',
      rules: [
        'COCO results JSON: a list of { image_id, category_id, bbox: [x, y, w, h], score }.',
        'Or CSV with header image_id,category_id,x1,y1,x2,y2,score (corner coordinates), one row per box.',
        'Images without a box need no row.',
        UTF8_TEXT,
      ],
      example: 'image_id,category_id,x1,y1,x2,y2,score\n1,1,10,20,40,60,0.93',
      accept: ['.json', '.csv', 'application/json', 'text/csv'],
    },
    config: [
      {
        key: 'categories',
        type: '{ "<id>": "<name>" }',
        default: 'the ground truth’s categories',
        description: 'When given, ground truth and predictions may use only these category ids.',
      },
      {
        key: 'frocHitCriterion',
        type: '"iou" | "center-in-box"',
        default: '"iou"',
        description: 'FROC hit rule: IoU ≥ 0.5, or the detection’s centre inside the lesion box.',
      },
      {
        key: 'maxBootstrapReplicates',
        type: 'integer ≥ 0',
        default: '200',
        description: 'Bootstrap replicates for CIs (each re-runs the whole evaluation).',
      },
      MIN_CATEGORY_SIZE,
    ],
    exampleConfig: {},
    metricKeys: ['map50_coco', 'map_coco_50_95', 'map50_voc', 'froc_mean_sensitivity'],
  },
};

export const isTaskTypeKey = (key: string): key is TaskTypeKey =>
  (TASK_TYPE_KEYS as readonly string[]).includes(key);

/** The contract of a task type key; undefined for an unknown key. */
export function taskTypeContract(key: string): TaskTypeContract | undefined {
  return isTaskTypeKey(key) ? TASK_TYPE_CONTRACTS[key] : undefined;
}
