import type { TrackDto } from '@medrank/db';

/** Classes declared by a classification track's configuration. */
export function trackClasses(track: Pick<TrackDto, 'taskConfig'>): string[] {
  const classes = track.taskConfig.classes;
  return Array.isArray(classes) ? classes.map(String) : [];
}

/** The header line a predictions file for this track starts with. */
export function predictionTemplateHeader(track: Pick<TrackDto, 'taskType' | 'taskConfig'>): string {
  if (track.taskType === 'classification') {
    return ['case_id', ...trackClasses(track).map((c) => `p_${c}`)].join(',');
  }
  return 'case_id,prediction';
}

/** Human-readable rules for the submission format, shown next to the upload form. */
export function submissionFormatRules(track: Pick<TrackDto, 'taskType' | 'taskConfig'>): string[] {
  if (track.taskType !== 'classification') return [];
  const classes = trackClasses(track);
  return [
    `CSV with a header row: ${predictionTemplateHeader(track)}`,
    `One row per test case, every case exactly once; probabilities in [0, 1] summing to 1 per row.`,
    `Or hard labels: case_id,label with label one of ${classes.join(', ')} (or its index 0–${classes.length - 1}).`,
    'UTF-8 text, comma-separated, up to 100 MB.',
  ];
}
