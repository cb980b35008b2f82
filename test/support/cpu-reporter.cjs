/**
 * A jest reporter that records the CPU time each test file costs (the process's own user+sys plus its
 * finished child processes: CLI runs, cfn-lint, moto servers) and appends one JSON line per file to
 * $ISOTRAIN_TEST_CPU_FILE. The test files run in jest's own process (jest-light-runner with one worker,
 * the 2-core default), so the reporter sees their CPU. For profiling the suite's CPU budget:
 *   ISOTRAIN_TEST_CPU_FILE=/tmp/cpu.jsonl npx jest --reporters=default --reporters=./test/support/cpu-reporter.cjs
 */
const fs = require('node:fs');

/** user, sys, children's user, children's sys, in seconds (Linux /proc). */
function times() {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  // After "pid (comm) ": state is field 0; utime..cstime are fields 11..14.
  return fields.slice(11, 15).map((t) => Number(t) / 100);
}

class CpuReporter {
  constructor() {
    this.started = new Map();
  }

  onTestFileStart(test) {
    this.started.set(test.path, times());
  }

  onTestFileResult(test) {
    const start = this.started.get(test.path);
    const out = process.env.ISOTRAIN_TEST_CPU_FILE;
    if (!start || !out) return;
    const [u, s, cu, cs] = times().map((t, i) => t - start[i]);
    fs.appendFileSync(
      out,
      JSON.stringify({
        file: test.path,
        cpu: +(u + s + cu + cs).toFixed(2),
        self: +(u + s).toFixed(2),
        children: +(cu + cs).toFixed(2),
      }) + '\n',
    );
  }
}

module.exports = CpuReporter;
