import { PassThrough } from 'node:stream';
import type { DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';
import { createProgress } from '../../lib/launcher/progress';
import { duration, formatSummary, summarize } from '../../lib/launcher/summary';

function job(status: string, secondary: [string, string][] = []): DescribeTrainingJobCommandOutput {
  return {
    $metadata: {},
    TrainingJobName: 'legal-x',
    TrainingJobStatus: status,
    SecondaryStatus: secondary.at(-1)?.[0],
    CreationTime: new Date('2026-11-29T00:00:00Z'),
    SecondaryStatusTransitions: secondary.map(([Status, StatusMessage]) => ({
      Status,
      StatusMessage,
      StartTime: new Date(),
    })),
  } as DescribeTrainingJobCommandOutput;
}

function capture(tty: boolean) {
  const stream = Object.assign(new PassThrough(), { isTTY: tty });
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  return { stream, text: () => text };
}
const at = (min: number) => new Date(Date.parse('2026-11-29T00:00:00Z') + min * 60_000);

describe('progress', () => {
  test('plain: a heartbeat every 10 minutes while running, none once ended', () => {
    const out = capture(false);
    const p = createProgress(out.stream);
    const running = { ...job('InProgress', [['Training', 'x']]), TrainingStartTime: at(0) };
    for (const m of [1, 9, 11, 15, 21]) p.onEvent({ kind: 'poll', job: running, at: at(m) });
    p.onEvent({
      kind: 'poll',
      job: { ...running, TrainingJobStatus: 'Completed', TrainingEndTime: at(40) },
      at: at(40),
    });
    expect(out.text().trim().split('\n')).toEqual([
      '2026-11-29T00:11:00.000Z still InProgress (Training), 00:11:00 elapsed',
      '2026-11-29T00:21:00.000Z still InProgress (Training), 00:21:00 elapsed',
    ]);
  });

  test('TTY: transitions as lines, one live line redrawn, cleared at the end', () => {
    const out = capture(true);
    const p = createProgress(out.stream);
    const running = { ...job('InProgress', [['Starting', 'Preparing']]), TrainingStartTime: at(0) };
    p.onEvent({ kind: 'secondary', status: 'Starting', message: 'Preparing', at: at(1) });
    p.onEvent({ kind: 'poll', job: running, at: at(1) });
    p.finish();
    expect(out.text()).toMatch(
      /^ {2}00:01:00 {2}Starting — Preparing\n⠋ legal-x {2}InProgress · Starting · 00:01:00 elapsed/,
    );
    expect(out.text().endsWith('\r\x1b[2K')).toBe(true);
  });
});

describe('summary', () => {
  test('computes spot savings only for spot jobs', () => {
    const base = { ...job('Completed'), TrainingTimeInSeconds: 100, BillableTimeInSeconds: 30 };
    expect(summarize({ ...base, EnableManagedSpotTraining: true }).spotSavingsPercent).toBe(70);
    expect(summarize({ ...base, EnableManagedSpotTraining: false }).spotSavingsPercent).toBeUndefined();
  });

  test('elapsed runs to the end time of an ended job, to now for a running one', () => {
    const started = { ...job('InProgress'), TrainingStartTime: at(0) };
    expect(summarize(started, at(5)).elapsedSeconds).toBe(300);
    const ended = { ...started, TrainingJobStatus: 'Stopped' as const, LastModifiedTime: at(7) };
    expect(summarize(ended, at(60)).elapsedSeconds).toBe(420);
    expect(duration(3725)).toBe('01:02:05');
    expect(formatSummary(summarize(ended, at(60)))).toMatch(
      /^job: +legal-x\nstatus: +Stopped\nelapsed: +00:07:00$/,
    );
  });
});
