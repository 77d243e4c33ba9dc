import { describe, expect, it } from 'vitest';
import { MemoryBudget, MemoryBudgetExceededError } from './memory-budget.js';

const MiB = 1024 * 1024;

describe('MemoryBudget', () => {
  it('reserves, shrinks and releases, tracking what is held and the peak', () => {
    const budget = new MemoryBudget(512 * MiB);
    const masks = budget.reserve(300 * MiB, 'the masks');
    const scratch = budget.reserve(200 * MiB, 'the scratch buffers');
    expect(budget.reservedBytes).toBe(500 * MiB);
    expect(budget.availableBytes).toBe(12 * MiB);
    scratch.release();
    scratch.release(); // idempotent
    masks.shrinkTo(100 * MiB);
    expect(budget.reservedBytes).toBe(100 * MiB);
    expect(budget.peakBytes).toBe(500 * MiB);
    masks.release();
    expect(budget.reservedBytes).toBe(0);
  });

  it('refuses a reservation that does not fit, reserving nothing, with a precise non-retryable error', () => {
    const budget = new MemoryBudget(512 * MiB);
    let error: unknown;
    try {
      budget.reserve(Math.round(1.2 * 1024 * MiB), "the archive's masks");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MemoryBudgetExceededError);
    expect(error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      retryable: false,
      message: "the archive's masks need 1.2 GB of memory; the memory limit per job is 512 MB",
    });
    expect(budget.reservedBytes).toBe(0);
    budget.reserve(400 * MiB, 'the ground truth');
    expect(() => budget.reserve(200 * MiB, 'the masks')).toThrow(
      "the masks need 200 MB of memory; 112 MB of the job's 512 MB memory limit is left",
    );
  });

  it('rejects nonsense sizes', () => {
    expect(() => new MemoryBudget(0)).toThrow(RangeError);
    const budget = new MemoryBudget(10);
    expect(() => budget.reserve(-1, 'x')).toThrow(RangeError);
    expect(() => budget.reserve(1.5, 'x')).toThrow(RangeError);
    expect(() => budget.reserve(4, 'x').shrinkTo(5)).toThrow(RangeError);
  });
});
