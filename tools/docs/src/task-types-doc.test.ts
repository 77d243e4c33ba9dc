import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderTaskTypesDoc } from './task-types-doc.js';

describe('docs/task-types.md', () => {
  it('is what the task-type contracts generate (run `npm run docs:task-types` after changing one)', () => {
    const committed = readFileSync(
      join(dirname(fileURLToPath(import.meta.url)), '../../../docs/task-types.md'),
      'utf8',
    );
    expect(committed).toBe(renderTaskTypesDoc());
  });

  it('lists per-label distances as lower-is-better', () => {
    expect(renderTaskTypesDoc()).toMatch(/\| `hd95` \| HD95 \| lower \|/);
  });
});
