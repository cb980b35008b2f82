// The start-up baseline of `npm run bench`: the same loader as bin/isotrain.cjs (tsx, CommonJS)
// running a TypeScript file that prints one line.
require('tsx/cjs/api').register();
require('./baseline.ts');
