import { AppError } from '../errors.js';
import { formatBytes } from '../format-bytes.js';

/**
 * Thrown by {@link MemoryBudget.reserve} when a reservation does not fit. Not retryable: the
 * same input needs the same memory on every attempt.
 */
export class MemoryBudgetExceededError extends AppError {
  readonly neededBytes: number;
  readonly availableBytes: number;
  readonly limitBytes: number;
  constructor(
    purpose: string,
    {
      neededBytes,
      availableBytes,
      limitBytes,
    }: Record<'neededBytes' | 'availableBytes' | 'limitBytes', number>,
  ) {
    const left =
      availableBytes === limitBytes
        ? `the memory limit per job is ${formatBytes(limitBytes)}`
        : `${formatBytes(availableBytes)} of the job's ${formatBytes(limitBytes)} memory limit is left`;
    super('PAYLOAD_TOO_LARGE', `${purpose} need ${formatBytes(neededBytes)} of memory; ${left}`, {
      retryable: false,
    });
    this.name = 'MemoryBudgetExceededError';
    this.neededBytes = neededBytes;
    this.availableBytes = availableBytes;
    this.limitBytes = limitBytes;
  }
}

/** Bytes held against a {@link MemoryBudget}; give them back with `release` (idempotent). */
export class MemoryReservation {
  #bytes: number;
  #budget: MemoryBudget | null;
  /** @internal created by MemoryBudget.reserve */
  constructor(budget: MemoryBudget, bytes: number) {
    this.#budget = budget;
    this.#bytes = bytes;
  }
  get bytes(): number {
    return this.#bytes;
  }
  /** Keeps only `bytes` of the reservation (the data turned out smaller than planned). */
  shrinkTo(bytes: number): void {
    if (!Number.isSafeInteger(bytes) || bytes < 0 || bytes > this.#bytes)
      throw new RangeError(`shrinkTo: ${bytes} is not between 0 and the reserved ${this.#bytes}`);
    this.#budget?.giveBack(this.#bytes - bytes);
    this.#bytes = bytes;
  }
  release(): void {
    this.#budget?.giveBack(this.#bytes);
    this.#budget = null;
    this.#bytes = 0;
  }
}

/**
 * The bytes one job may hold for decoded inputs (masks, volumes, large parsed files). Code that
 * is about to allocate such data reserves its size first, and gets a precise, non-retryable
 * error instead of the allocation when it does not fit; what is reserved is released when the
 * data is dropped. A budget lives as long as its job, so data the job keeps to the end (decoded
 * masks being scored) may simply stay reserved until the budget is discarded with the job.
 *
 * The accounting covers what the parsers allocate for decoded data; it is not a cap on the
 * process (V8's own heap, garbage not yet collected and library scratch space come on top), so
 * a process running N jobs at once needs N budgets plus its baseline (apps/worker/src/env.ts).
 * A future child-process isolation can give each child one budget and an OS limit around it.
 */
export class MemoryBudget {
  readonly limitBytes: number;
  #reservedBytes = 0;
  #peakBytes = 0;

  constructor(limitBytes: number) {
    if (!Number.isSafeInteger(limitBytes) || limitBytes < 1)
      throw new RangeError(
        `a memory budget must be a positive whole number of bytes, got ${limitBytes}`,
      );
    this.limitBytes = limitBytes;
  }

  get reservedBytes(): number {
    return this.#reservedBytes;
  }
  get availableBytes(): number {
    return this.limitBytes - this.#reservedBytes;
  }
  /** The most ever reserved at once (for logs and tests). */
  get peakBytes(): number {
    return this.#peakBytes;
  }

  /**
   * Reserves `bytes` for `purpose` (a plural noun phrase for the message: "the archive's masks"),
   * or throws {@link MemoryBudgetExceededError} and reserves nothing.
   */
  reserve(bytes: number, purpose: string): MemoryReservation {
    if (!Number.isSafeInteger(bytes) || bytes < 0)
      throw new RangeError(`reserve: bytes must be a whole number ≥ 0, got ${bytes}`);
    if (bytes > this.availableBytes) {
      throw new MemoryBudgetExceededError(purpose, {
        neededBytes: bytes,
        availableBytes: this.availableBytes,
        limitBytes: this.limitBytes,
      });
    }
    this.#reservedBytes += bytes;
    if (this.#reservedBytes > this.#peakBytes) this.#peakBytes = this.#reservedBytes;
    return new MemoryReservation(this, bytes);
  }

  /** @internal called by MemoryReservation */
  giveBack(bytes: number): void {
    this.#reservedBytes -= bytes;
  }
}
