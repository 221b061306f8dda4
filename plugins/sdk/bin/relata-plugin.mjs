#!/usr/bin/env node
// The CLI is TypeScript like the rest of the SDK; tsx loads it.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
