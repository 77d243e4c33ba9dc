import { describe, expect, it } from 'vitest';
import { boardFileName, toBoardCsv, toBoardExport } from './board-export';
import { row, view } from './board-fixtures.testing';
import type { BoardRow } from './board-types';

describe('toBoardExport / toBoardCsv', () => {
  it('writes a header and one row per entry with rank, interval, tier, kind and CIs', () => {
    const board = toBoardExport(
      view([
        row({}),
        row({
          kind: 'reported',
          id: 'rep1',
          rank: null,
          rankInterval: null,
          tier: null,
          methodName: 'GPT, "vision"',
          team: null,
          scores: { dice: { value: 0.8, ciLow: null, ciHigh: null } },
        }),
      ]),
    );
    const lines = toBoardCsv(board).split('\r\n');
    expect(lines[0]).toBe(
      'rank,rank_low,rank_high,tier,kind,method,team,institution,date,open_weights,baseline,disqualified,disqualification_reason,dice,dice_ci_low,dice_ci_high,inference_ms_per_case,inference_p50_ms,inference_p95_ms,inference_kind,id',
    );
    expect(lines[1]).toBe(
      '1,1,2,1,verified,UNet,Lab,,2025-01-02T00:00:00.000Z,true,,false,,0.81,0.79,0.83,,,,,sub1',
    );
    expect(lines[2]).toBe(
      ',,,,reported,"GPT, ""vision""",,,2025-01-02T00:00:00.000Z,true,,false,,0.8,,,,,,,rep1',
    );
    expect(lines[3]).toBe('');
  });

  it('defuses method, team and reason text that a spreadsheet would run as a formula', () => {
    const board = toBoardExport(
      view([
        row({
          methodName: '=HYPERLINK("http://evil.example")',
          team: { slug: 't', name: '@evil' },
          scores: { dice: { value: -0.5, ciLow: -0.6, ciHigh: -0.4 } },
        }),
      ]),
    );
    const line = toBoardCsv(board).split('\r\n')[1] ?? '';
    expect(line).toContain('"\'=HYPERLINK(""http://evil.example"")"');
    expect(line).toContain(",'@evil,");
    expect(line).toContain(',-0.5,-0.6,-0.4,');
  });

  it("carries a model run's whole-run time per case in JSON and CSV, null for prediction files", () => {
    const board = toBoardExport(
      view([
        row({ inference: { kind: 'onnx', meanMs: 12.3, p50Ms: 11.9, p95Ms: 20.4 } }),
        row({ id: 'file' }),
      ]),
    );
    expect(board.entries.map((e) => e.inference)).toEqual([
      { kind: 'onnx', meanMs: 12.3, p50Ms: 11.9, p95Ms: 20.4 },
      null,
    ]);
    const lines = toBoardCsv(board).split('\r\n');
    expect(lines[1]).toMatch(/,0\.83,12\.3,11\.9,20\.4,onnx,sub1$/);
    expect(lines[2]).toMatch(/,0\.83,,,,,file$/);
  });

  it('gives a disqualification reason only for disqualified rows', () => {
    const board = toBoardExport(
      view([
        row({ moderationReason: 'note' }),
        row({ id: 'x', moderation: 'DISQUALIFIED', moderationReason: 'test-set leak' }),
      ]),
    );
    expect(board.entries.map((e) => e.disqualificationReason)).toEqual([null, 'test-set leak']);
  });

  it('carries no field beyond the public ones, whatever the view holds', () => {
    const leaky = row({}) as BoardRow & { caseValues?: number[] };
    leaky.caseValues = [1, 0, 1];
    const entry = toBoardExport(view([leaky])).entries[0];
    expect(Object.keys(entry ?? {})).not.toContain('caseValues');
    expect(JSON.stringify(entry)).not.toContain('caseValues');
  });

  it('names the download after benchmark, track and test set', () => {
    expect(boardFileName(toBoardExport(view([])), 'csv')).toBe('brats_seg_test.csv');
  });
});
