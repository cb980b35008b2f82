/**
 * A jest test environment that records the CPU time each test file costs (the worker's own user+sys
 * plus its finished child processes: CLI runs, cfn-lint, moto servers) and appends one JSON line per
 * file to $ISOTRAIN_TEST_CPU_FILE. For profiling the suite's CPU budget, not used by default:
 *   ISOTRAIN_TEST_CPU_FILE=/tmp/cpu.jsonl npx jest --testEnvironment ./test/support/cpu-environment.cjs
 */
const fs = require('node:fs');
const { TestEnvironment } = require('jest-environment-node');

/** user, sys, children's user, children's sys, in seconds (Linux /proc). */
function times() {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  // After "pid (comm) ": state is field 0; utime..cstime are fields 11..14.
  return fields.slice(11, 15).map((t) => Number(t) / 100);
}

class CpuEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.file = context.testPath;
    this.start = times();
  }

  async teardown() {
    await super.teardown();
    const end = times();
    const [u, s, cu, cs] = end.map((t, i) => t - this.start[i]);
    const out = process.env.ISOTRAIN_TEST_CPU_FILE;
    if (out)
      fs.appendFileSync(
        out,
        JSON.stringify({
          file: this.file,
          cpu: +(u + s + cu + cs).toFixed(2),
          self: +(u + s).toFixed(2),
          children: +(cu + cs).toFixed(2),
        }) + '\n',
      );
  }
}

module.exports = CpuEnvironment;
