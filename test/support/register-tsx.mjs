/**
 * jest-light-runner loads each test file with a bare `import()`, without jest's transform: tsx compiles
 * the TypeScript, for `import()` (the test file) and for `require` (what it imports), as it does for
 * `npx isotrain`. Registered here, in whatever runs the test files, so the child processes the tests
 * start (the CDK CLI, the isotrain CLI, cfn-lint) do not carry it.
 *
 * The runner shares one module registry across the files it runs (no per-file sandbox, unlike jest's
 * default runner), so the CDK, the SDK and the library load once per run instead of once per file.
 * CDK apps made without an outdir write to temporary directories; they are removed when the run ends
 * (what aws-cdk-lib/testhelpers/jest-autoclean does after each file under jest's default runner).
 */
import { createRequire } from 'node:module';
import { register as registerCjs } from 'tsx/cjs/api';
import { register as registerEsm } from 'tsx/esm/api';

registerCjs();
registerEsm();

const require = createRequire(import.meta.url);
process.once('exit', () => {
  const cxApi = require.cache[require.resolve('aws-cdk-lib/cx-api')];
  if (cxApi) cxApi.exports.CloudAssembly.cleanupTemporaryDirectories();
});
