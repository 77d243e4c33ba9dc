import { describe, expect, it } from 'vitest';
import { boardColumnLayout } from '../board-columns';
import { row, view } from '../board-fixtures.testing';
import { boardRowsHtml, escapeHtml, safeHttpUrl } from './board-rows-html';

const render = (
  rows: ReturnType<typeof row>[],
  extra: { highlightId?: string; pickedId?: string; first?: number } = {},
) => {
  const v = view(rows);
  return boardRowsHtml({
    view: v,
    rows,
    first: 0,
    layout: boardColumnLayout(v),
    axes: { dice: { min: 0.7, max: 0.9 } },
    compareFormId: 'compare-form',
    ...extra,
  });
};

describe('boardRowsHtml', () => {
  it('escapes every text that comes from data (names, teams, institutions, reasons, ids)', () => {
    const html = render([
      row({
        id: 'a"b',
        methodName: '<img src=x onerror=alert(1)>',
        team: { slug: 't', name: 'Tom & "Jerry"' },
        institution: "O'Hare <lab>",
        moderation: 'DISQUALIFIED',
        moderationReason: '</p><script>x</script>',
        baselineKind: '<b>',
      }),
    ]);
    expect(html).not.toMatch(/<img|<script|<b>/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Tom &amp; &quot;Jerry&quot; · O&#39;Hare &lt;lab&gt;');
    expect(html).toContain('Disqualified: &lt;/p&gt;&lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('href="/entries/a%22b"');
    expect(html).toContain('data-id="a&quot;b"');
  });

  it('links a reported entry to its source only when the URL is http(s)', () => {
    const reported = (sourceUrl: string) =>
      render([row({ kind: 'reported', rank: null, sourceUrl, scores: {} })]);
    expect(reported('https://example.org/paper?a=1&b=2')).toContain(
      'href="https://example.org/paper?a=1&amp;b=2"',
    );
    expect(reported('javascript:alert(1)')).not.toContain('href=');
    expect(safeHttpUrl('data:text/html,x')).toBeNull();
    expect(safeHttpUrl('/relative')).toBeNull();
  });

  it('writes value, its 95% CI in the site notation (labelled for screen readers) and a whisker', () => {
    const html = render([row({})]);
    expect(html).toContain('<td data-metric="dice" class="font-semibold">');
    expect(html).toContain(
      '<span data-testid="score-value">0.810</span><small><span class="sr-only">, 95% CI </span>0.790–0.830</small>',
    );
    expect(html).not.toContain('±');
    expect(html).toContain('<i style="left:45.0%;width:20.0%"></i><b style="left:55.0%"></b>');
    expect(html).toContain('data-rank="1"');
    expect(html).toContain('<td data-testid="rank-interval" class="max-sm:hidden">1–2</td>');
    expect(html).toContain('<td data-testid="tier" class="max-sm:hidden">1</td>');
  });

  it('writes rank interval and tier under the rank too, shown on a phone only', () => {
    const html = render([row({ rankInterval: [2, 4], tier: 3 })]);
    expect(html).toContain(
      '<td><span data-testid="rank">1</span><span class="block text-[11px] font-normal text-slate-500 sm:hidden"><span class="sr-only">rank interval </span>2–4</span><span class="block text-[11px] font-normal text-slate-500 sm:hidden">T3<span class="sr-only"> (tier)</span></span></td>',
    );
  });

  it('numbers the rows of a board without ranks by list position, and leaves out empty rank statistics', () => {
    const reported = { kind: 'reported' as const, rank: null, rankInterval: null, tier: null };
    const html = render([row({ ...reported, id: 'a' }), row({ ...reported, id: 'b' })], {
      first: 50,
    });
    expect(html).toContain(
      '<span data-testid="rank"><span class="text-slate-600">#51</span></span>',
    );
    expect(html).toContain('#52');
    expect(html).not.toContain('rank-interval');
    expect(html).not.toContain('data-testid="tier"');
    expect(html).not.toContain('not ranked');
  });

  it('marks a missing value and an unranked row for screen readers', () => {
    const html = render([
      row({ id: 'ranked' }),
      row({ rank: null, scores: { dice: { value: null, ciLow: null, ciHigh: null } } }),
    ]);
    expect(html).toContain('<span aria-label="no value">—</span>');
    expect(html).toContain('<span aria-label="not ranked" class="text-slate-400">–</span>');
    expect(html.split('</tr>')[1]).not.toContain('ci-whisker');
  });

  it('writes the time per case with p50, p95 and what was timed, and a dash for an untimed entry', () => {
    const html = render([
      row({
        id: 'model',
        inference: { kind: 'onnx', meanMs: 12.3, p50Ms: 11.9, p95Ms: 1449 },
      }),
      row({ id: 'file' }),
    ]);
    const [model, file] = html.split('</tr>');
    expect(model).toContain(
      '<span data-testid="inference-mean">12.3\u00a0ms</span><span class="sr-only"> per case,</span><small>p50 11.9\u00a0ms · p95 1.4\u00a0s</small><small>ONNX model</small></td>',
    );
    expect(model).toContain(
      'title="ONNX model run on MedRank, per case over the whole run: mean 12.3\u00a0ms, median (p50) 11.9\u00a0ms, 95th percentile (p95) 1.4\u00a0s"',
    );
    expect(file).toContain(
      '<td data-testid="inference" class="text-right"><span aria-hidden="true">—</span><span class="sr-only">no model run</span></td>',
    );
    // The column sits between the metrics and the date.
    expect(model?.indexOf('data-testid="inference"')).toBeGreaterThan(
      model?.indexOf('data-metric="dice"') ?? Infinity,
    );
  });

  it('names an endpoint run as an endpoint round trip', () => {
    const html = render([
      row({ inference: { kind: 'endpoint', meanMs: 850, p50Ms: 800, p95Ms: 1200 } }),
    ]);
    expect(html).toContain('data-inference-kind="endpoint"');
    expect(html).toContain('<small>endpoint</small>');
    expect(html).toContain('title="endpoint&#39;s round trip, network included, per case');
  });

  it('leaves the efficiency column out of a board without model runs', () => {
    expect(render([row({})])).not.toContain('data-testid="inference"');
  });

  it('highlights a row, and shows a picked entry ticked without sending it twice', () => {
    const html = render([row({ id: 's1' }), row({ id: 's2' })], {
      highlightId: 's2',
      pickedId: 's1',
    });
    expect(html).toContain(
      '<tr class="bg-brand-50" data-testid="board-row" data-kind="verified" data-id="s2"',
    );
    expect(html).toContain('<input type="checkbox" checked disabled class="size-3.5"/>');
    expect(html).not.toContain('value="s1"');
    expect(html).toContain('name="e" value="s2" form="compare-form"');
  });

  it('offers no compare box on reported, disqualified or hidden-score rows', () => {
    expect(render([row({ kind: 'reported' })])).not.toContain('type="checkbox"');
    expect(render([row({ moderation: 'DISQUALIFIED' })])).not.toContain('type="checkbox"');
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x">&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;',
    );
  });
});
