import { progressPrinter } from '../../lib/checks/engine/progress';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (t: string) => written.push(t) };
}

test('on a terminal: one line, rewritten in place, cleared when done', () => {
  const s = stream(true);
  let t = 0;
  const p = progressPrinter(s, 'isotrain check', () => t);
  t = 1200;
  p.onProgress({ step: 'synth', message: 'synthesizing 2 project(s)' });
  t = 3400;
  p.onProgress({ step: 'AwsSolutions', message: 'checking 75 resource(s) with AwsSolutions' });
  p.done();
  expect(s.written).toEqual([
    '\r\x1b[Kisotrain check: synthesizing 2 project(s) (1.2 s)',
    '\r\x1b[Kisotrain check: checking 75 resource(s) with AwsSolutions (3.4 s)',
    '\r\x1b[K',
  ]);
});

test('elsewhere (CI logs, files): plain lines, nothing to clear', () => {
  const s = stream(false);
  const p = progressPrinter(s, 'compliance', () => 0);
  p.onProgress({ step: 'wait:cfn-lint', message: 'waiting for cfn-lint' });
  p.done();
  expect(s.written).toEqual(['compliance: waiting for cfn-lint (0.0 s)\n']);
});
