// Expected values of shared/peers/README.md §6 (default seed 20240611; sklearn 1.2.1, numpy 1.24.2,
// scipy 1.10.1, nltk 3.8, pandas 1.5.3, pycocotools @8c9bcc3c) and the tolerances of its §5.
import type { ValueCheck } from './types.js';

export const EXPECTED: Record<string, Record<string, number>> = {
  'binary_n10k.json': {
    accuracy: 0.7203,
    roc_auc: 0.7942483748638031,
    balanced_accuracy: 0.7194265072408388,
    f1_macro: 0.6955540187038245,
    f1_binary: 0.6087564694362848,
    bootstrap_auc_ci_low: 0.7848735670176552,
    bootstrap_auc_ci_high: 0.8032843226747401,
    bootstrap_auc_mean: 0.7941908261499304,
  },
  'binary_n100k.json': {
    accuracy: 0.72625,
    roc_auc: 0.8033362015365504,
    balanced_accuracy: 0.7268664765203242,
    f1_macro: 0.7012251738639446,
    f1_binary: 0.6147567514319088,
  },
  'binary_n1m.json': {
    accuracy: 0.725623,
    roc_auc: 0.8019151024131399,
    balanced_accuracy: 0.7256594306390594,
    f1_macro: 0.7003723242509639,
    f1_binary: 0.6133907096086944,
  },
  'multiclass_n10k.json': {
    accuracy: 0.6116,
    roc_auc: 0.8603521410158199,
    balanced_accuracy: 0.5890985192390721,
    f1_macro: 0.5685239271365964,
    bootstrap_auc_ci_low: 0.8548737411314432,
    bootstrap_auc_ci_high: 0.8653986236809426,
    bootstrap_auc_mean: 0.8602052074341019,
  },
  'multiclass_n100k.json': {
    accuracy: 0.60794,
    roc_auc: 0.8593161858395725,
    balanced_accuracy: 0.5853678749329758,
    f1_macro: 0.5652437603354391,
  },
  'multiclass_n1m.json': {
    accuracy: 0.606512,
    roc_auc: 0.8582903860052287,
    balanced_accuracy: 0.5835267962643883,
    f1_macro: 0.563755907617038,
  },
  'det_n5k.json': {
    map50_voc: 0.6954912980631484,
    map50_coco: 0.6931860358183716,
    map_coco_50_95: 0.3708690896766494,
  },
  'seg_128x128x128.json': {
    dice: 0.8142567621675897,
    hd95: 7.879086241436884,
    hd95_pooled: 7.507329751649384,
    hd: 78.37557017336461,
    assd: 2.8856620964450577,
    nsd: 0.4746173526639436,
  },
  'seg_256x256x128.json': {
    dice: 0.8424930510753499,
    hd95: 9.691749068150703,
    hd95_pooled: 8.381527307120106,
    hd: 124.72048749102932,
    assd: 3.279557019430397,
    nsd: 0.4216367177451953,
  },
  'report_n20k.jsonl': {
    bleu4_corpus_none: 0.6636847025367736,
    bleu4_corpus_method1: 0.6636847025367736,
    bleu4_sentence_mean_method1: 0.6217157238257672,
    rougeL_f_mean: 0.7420593562310721,
    meteor_mean: 0.7343446631071974,
  },
  'report_n2k.jsonl': {
    bleu4_corpus_none: 0.6695008894864254,
    bleu4_corpus_method1: 0.6695008894864254,
    bleu4_sentence_mean_method1: 0.6246892331659131,
    rougeL_f_mean: 0.7448820441699154,
    meteor_mean: 0.7367564409745108,
  },
  'vqa_n100k.csv': {
    accuracy: 0.58615,
    'accuracy_by_modality[CT]': 0.6885059561698645,
    'accuracy_by_modality[Dermoscopy]': 0.4768126346015793,
    'accuracy_by_modality[Endoscopy]': 0.39673258813413587,
    'accuracy_by_modality[Fundus]': 0.4506085479762242,
    'accuracy_by_modality[MRI]': 0.6470167720648886,
    'accuracy_by_modality[Pathology]': 0.5167435331862843,
    'accuracy_by_modality[Ultrasound]': 0.5531040016046535,
    'accuracy_by_modality[X-ray]': 0.6103344982526211,
    macro_modality: 0.5424823164987814,
    'accuracy_by_task[anatomy identification]': 0.6773479551285276,
    'accuracy_by_task[attribute recognition]': 0.6255217650566488,
    'accuracy_by_task[counting]': 0.37869646919196914,
    'accuracy_by_task[diagnosis]': 0.5755606651337932,
    'accuracy_by_task[lesion grading]': 0.43110367892976587,
    'accuracy_by_task[modality recognition]': 0.8197429202651135,
    macro_task: 0.5846622422843031,
    'accuracy_by_department[cardiology]': 0.6377718200774501,
    'accuracy_by_department[dermatology]': 0.5909259488193843,
    'accuracy_by_department[gastroenterology]': 0.6153846153846154,
    'accuracy_by_department[oncology]': 0.6442948502187815,
    'accuracy_by_department[ophthalmology]': 0.5886038186157518,
    'accuracy_by_department[pathology]': 0.5622303352140724,
    'accuracy_by_department[radiology]': 0.5446318623099172,
    macro_department: 0.5976918929485676,
  },
};

/** README §5 "expected agreement": counts/ratios of counts exact, sums 1e-15, curves 1e-12, distances 1e-9. */
export function toleranceOf(metric: string): number {
  if (metric === 'accuracy' || metric.startsWith('accuracy_by_')) return 0;
  if (metric === 'dice' || metric === 'nsd') return 0;
  if (metric.startsWith('macro_')) return 1e-15;
  if (metric === 'balanced_accuracy' || metric.startsWith('f1_')) return 1e-15;
  if (['hd95', 'hd95_pooled', 'hd', 'assd'].includes(metric)) return 1e-9;
  return 1e-12;
}

/**
 * Compares our values with §6. `peerValues` (the peer's `values` of this run, flattened like
 * ours) is recorded beside them. Throws when a metric has no expected value: a typo here must
 * not turn into a silent pass.
 */
export function checkValues(
  dataset: string,
  ours: Record<string, number>,
  peerValues?: Record<string, number>,
): ValueCheck[] {
  const expected = EXPECTED[dataset];
  if (!expected) throw new Error(`no expected values for ${dataset}`);
  return Object.entries(ours).map(([metric, value]) => {
    const want = expected[metric];
    if (want === undefined) throw new Error(`no expected value for ${dataset} ${metric}`);
    const tolerance = toleranceOf(metric);
    const absError = Math.abs(value - want);
    const check: ValueCheck = {
      dataset,
      metric,
      ours: value,
      expected: want,
      tolerance,
      absError,
      ok: absError <= tolerance,
    };
    const peer = peerValues?.[metric];
    if (peer !== undefined) check.peer = peer;
    return check;
  });
}

/** Flattens the peers' `values` ({metric: number | {category: number}}) to `metric[category]` keys. */
export function flattenPeerValues(values: Record<string, unknown>): Record<string, number> {
  const flat: Record<string, number> = {};
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === 'number') flat[key] = value;
    else if (value && typeof value === 'object') {
      for (const [category, v] of Object.entries(value))
        if (typeof v === 'number') flat[`${key}[${category}]`] = v;
    }
  }
  return flat;
}
