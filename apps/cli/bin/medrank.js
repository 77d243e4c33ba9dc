#!/usr/bin/env node
// `npx medrank …` from the repository. The CLI is TypeScript run through tsx, like the worker.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
