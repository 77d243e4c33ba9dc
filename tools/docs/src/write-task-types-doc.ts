// Writes docs/task-types.md from the task-type contracts (npm run docs:task-types).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderTaskTypesDoc } from './task-types-doc.js';

const target = join(dirname(fileURLToPath(import.meta.url)), '../../../docs/task-types.md');
writeFileSync(target, renderTaskTypesDoc());
console.log(`wrote ${target}`);
