#!/usr/bin/env node
// `npx isotrain` entry point: runs the TypeScript CLI through tsx, no build step.
require('tsx/cjs/api').register();
require('./isotrain.ts');
