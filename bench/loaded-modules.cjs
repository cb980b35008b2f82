// Preload (`node --require bench/loaded-modules.cjs ...`): at exit, writes every module the process
// loaded (require.cache) as a JSON array to $ISOTRAIN_LOADED_MODULES_FILE. Used by `npm run bench`
// and test/cli/startup.test.ts to count modules and to prove --help never loads aws-cdk-lib.
const fs = require('node:fs');

const file = process.env.ISOTRAIN_LOADED_MODULES_FILE;
if (file) {
  process.on('exit', () => {
    fs.writeFileSync(file, JSON.stringify(Object.keys(require.cache)));
  });
}
