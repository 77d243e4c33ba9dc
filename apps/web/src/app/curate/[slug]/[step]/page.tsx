import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import {
  PHASE_DEFENCE_DEFAULTS,
  computableMetrics,
  groundTruthConfirmNote,
  listTaskTypes,
  parseTaskConfig,
  suggestMetrics,
  type BenchmarkDefinition,
} from '@medrank/curation';
import { actorForPage } from '@/features/curation/access';
import { CurationTabs, Stepper } from '@/features/curation/components/curation-nav';
import { DetailsStep } from '@/features/curation/components/details-step';
import { Card } from '@/features/curation/components/form-kit';
import { GroundTruthUpload } from '@/features/curation/components/ground-truth-upload';
import { TestInputsUpload } from '@/features/test-inputs/components/test-inputs-upload';
import { MetricsStep, type MetricChoice } from '@/features/curation/components/metrics-step';
import { ReviewStep } from '@/features/curation/components/review-step';
import {
  PhasesStep,
  TestSetsStep,
  TracksStep,
} from '@/features/curation/components/structure-steps';
import { TaskStep } from '@/features/curation/components/task-type-cards';
import {
  curationAccessForPage,
  getDefinition,
  listTaskTypeOptions,
  listTestSetStates,
} from '@/features/curation/queries';
import { CURATION_STEPS, isCurationStep } from '@/features/curation/views';
import { describeMetric } from '@medrank/metrics/catalog';

export const dynamic = 'force-dynamic';

type Params = { slug: string; step: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { step } = await params;
  const label = CURATION_STEPS.find((s) => s.key === step)?.label ?? 'Curate';
  return { title: `${label} · Curate` };
}

/** The metric keys a track's own configuration computes (`dice:lesion` for a label "lesion"). */
function computableUnderConfig(track: BenchmarkDefinition['tracks'][number]): string[] | null {
  try {
    return computableMetrics(track.taskType, parseTaskConfig(track.taskType, track.taskConfig));
  } catch {
    return null;
  }
}

/**
 * Every metric a track may pick: the suggestions (with their reasons), then the rest of what the
 * track's configuration computes — computed here, on the server, by the same rules the
 * definition is validated with.
 */
function metricChoices(track: BenchmarkDefinition['tracks'][number]): MetricChoice[] {
  let suggestions: ReturnType<typeof suggestMetrics> = [];
  try {
    suggestions = suggestMetrics(track.taskType, track.taskConfig);
  } catch {
    // An unusable configuration is reported by the task step; offer the catalog meanwhile.
  }
  const catalog = listTaskTypes().find((t) => t.key === track.taskType)?.metrics ?? [];
  const computable = computableUnderConfig(track) ?? catalog.map((m) => m.key);
  const choices = new Map<string, MetricChoice>();
  const direction = (key: string) =>
    catalog.find((m) => m.key === key)?.higherIsBetter ??
    describeMetric(key, track.taskConfig).higherIsBetter;
  for (const s of suggestions)
    choices.set(s.metric, {
      key: s.metric,
      label: s.label,
      higherIsBetter: direction(s.metric),
      role: s.role,
      why: s.why,
    });
  for (const key of [...computable, ...track.metrics])
    if (!choices.has(key))
      choices.set(key, {
        key,
        label:
          catalog.find((m) => m.key === key)?.label ?? describeMetric(key, track.taskConfig).label,
        higherIsBetter: direction(key),
        role: null,
        why: null,
      });
  return [...choices.values()];
}

export default async function CurationStepPage({ params }: { params: Promise<Params> }) {
  const { slug, step } = await params;
  if (!isCurationStep(step)) notFound();
  const actor = await actorForPage(`/curate/${slug}/${step}`);
  const access = await curationAccessForPage(actor, slug);
  const definition = await getDefinition(slug);
  const taskTypes = listTaskTypeOptions();

  let body: React.ReactNode;
  switch (step) {
    case 'details':
      body = (
        <DetailsStep
          slug={slug}
          values={{
            slug: definition.slug,
            title: definition.title,
            summary: definition.summary,
            description: definition.description,
            modality: definition.modality,
            bodyRegion: definition.bodyRegion,
            citation: definition.citation,
            paperUrl: definition.paperUrl,
            dataUrl: definition.dataUrl,
            license: definition.license,
          }}
        />
      );
      break;
    case 'task':
      body = (
        <TaskStep
          slug={slug}
          taskTypes={taskTypes}
          tracks={definition.tracks.map((t) => ({
            slug: t.slug,
            name: t.name,
            taskType: t.taskType,
            taskConfig: t.taskConfig,
          }))}
        />
      );
      break;
    case 'metrics':
      body = (
        <MetricsStep
          slug={slug}
          tracks={definition.tracks.map((t) => ({
            slug: t.slug,
            name: t.name,
            metrics: t.metrics,
            primaryMetric: t.primaryMetric,
            choices: metricChoices(t),
          }))}
        />
      );
      break;
    case 'tracks':
      body = (
        <TracksStep
          slug={slug}
          tracks={definition.tracks.map((t) => ({
            slug: t.slug,
            name: t.name,
            description: t.description,
            taskType: t.taskType,
          }))}
          taskTypes={taskTypes.map((t) => ({ key: t.key, label: t.label }))}
        />
      );
      break;
    case 'test-sets':
      body = (
        <TestSetsStep
          slug={slug}
          tracks={definition.tracks.map((t) => ({
            name: t.name,
            testSets: t.testSets.map((s) => ({
              ...s,
              inputs: s.inputs ?? 'hidden',
              categoryDimensions: s.categoryDimensions ?? [],
            })),
          }))}
        />
      );
      break;
    case 'ground-truth': {
      const states = await listTestSetStates(access.benchmarkId, definition);
      body = (
        <div className="space-y-6">
          <p className="text-sm text-slate-600">
            Ground truth stays hidden: only the worker reads it. It is validated by the same parsers
            as submissions; nothing is applied until you confirm the preview.
          </p>
          {states.map((s) => {
            const track = definition.tracks.find((t) => t.slug === s.trackSlug);
            const format =
              taskTypes.find((t) => t.key === track?.taskType)?.groundTruthFormat ?? null;
            return (
              <Card
                key={`${s.trackSlug}/${s.testSetSlug}`}
                id={`gt-${s.trackSlug}-${s.testSetSlug}`}
                title={`${s.trackName} / ${s.testSetName}`}
                description={
                  s.caseCount > 0
                    ? `${s.caseCount} cases in use · evaluator v${s.evaluatorVersion}`
                    : 'No ground truth yet.'
                }
              >
                <GroundTruthUpload
                  benchmarkSlug={slug}
                  trackSlug={s.trackSlug}
                  testSetSlug={s.testSetSlug}
                  testSetName={s.testSetName}
                  format={format}
                  latest={s.latestUpload}
                  confirmNote={groundTruthConfirmNote(s)}
                />
                <section
                  aria-labelledby={`inputs-${s.trackSlug}-${s.testSetSlug}-title`}
                  className="mt-6 border-t border-slate-200 pt-4"
                >
                  <h3
                    id={`inputs-${s.trackSlug}-${s.testSetSlug}-title`}
                    className="mb-2 text-sm font-semibold text-slate-900"
                  >
                    Test inputs
                  </h3>
                  {s.caseCount > 0 ? (
                    <TestInputsUpload
                      benchmarkSlug={slug}
                      trackSlug={s.trackSlug}
                      testSetSlug={s.testSetSlug}
                      testSetName={s.testSetName}
                      visibility={s.inputsVisibility}
                      latest={s.latestInputsUpload}
                    />
                  ) : (
                    <p className="text-sm text-slate-600">
                      Confirm the ground truth first: the inputs are checked against its case ids.
                    </p>
                  )}
                </section>
              </Card>
            );
          })}
        </div>
      );
      break;
    }
    case 'phases':
      body = (
        <PhasesStep
          slug={slug}
          phases={definition.phases.map((p) => ({
            name: p.name,
            opensAt: p.opensAt,
            closesAt: p.closesAt,
            dailyQuota: p.dailyQuota,
            totalQuota: p.totalQuota,
            finalSelection: p.finalSelection,
            scoreDecimals: p.scoreDecimals,
            nearDuplicate: p.nearDuplicate,
            ladderMargin: p.ladderMargin,
            requiresApproval: p.requiresApproval,
          }))}
          defaults={{
            ...PHASE_DEFENCE_DEFAULTS,
            nearDuplicate: { ...PHASE_DEFENCE_DEFAULTS.nearDuplicate },
          }}
        />
      );
      break;
    case 'review': {
      const states = await listTestSetStates(access.benchmarkId, definition);
      body = (
        <ReviewStep
          slug={slug}
          status={access.status}
          definition={{
            title: definition.title,
            summary: definition.summary,
            tracks: definition.tracks.map((t) => ({
              slug: t.slug,
              name: t.name,
              taskType: t.taskType,
              taskTypeLabel: taskTypes.find((o) => o.key === t.taskType)?.label ?? t.taskType,
              metrics: t.metrics,
              primaryMetric: t.primaryMetric,
            })),
            phases: definition.phases.map((p) => ({
              name: p.name,
              opensAt: p.opensAt,
              closesAt: p.closesAt ?? null,
              scoreDecimals: p.scoreDecimals,
              nearDuplicate: p.nearDuplicate,
              ladderMargin: p.ladderMargin ?? null,
              requiresApproval: p.requiresApproval,
            })),
          }}
          testSets={states.map((s) => ({
            label: `${s.trackName} / ${s.testSetName}`,
            caseCount: s.caseCount,
            hasPendingUpload: s.latestUpload?.status === 'READY',
          }))}
        />
      );
      break;
    }
  }

  const label = CURATION_STEPS.find((s) => s.key === step)!.label;
  return (
    <>
      <CurationTabs slug={slug} current="/details" />
      <Stepper slug={slug} current={step} />
      <section
        aria-labelledby="step-heading"
        className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6"
      >
        <h2 id="step-heading" className="mb-4 text-lg font-semibold">
          {label}
        </h2>
        {body}
      </section>
    </>
  );
}
