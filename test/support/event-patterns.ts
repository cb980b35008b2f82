import { execFileSync } from 'node:child_process';

/**
 * Matches events against EventBridge patterns with moto's pattern engine (the one its PutEvents
 * uses: $or, prefix, suffix, anything-but, exists), in one Python process for many cases.
 */
export function motoMatchesMany(cases: { pattern: unknown; events: unknown[] }[]): boolean[][] {
  const script =
    'import json,sys\nfrom moto.events.models import EventPattern\n' +
    "d=json.load(sys.stdin)\nprint(json.dumps([[EventPattern(None, c['pattern']).matches_event(e) for e in c['events']] for c in d]))";
  return JSON.parse(execFileSync('python3', ['-c', script], { input: JSON.stringify(cases) }).toString());
}

/** A CloudTrail-recorded API call as EventBridge delivers it. */
export function apiCallEvent(
  service: string,
  eventName: string,
  requestParameters: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return {
    version: '0',
    id: 'e1',
    'detail-type': 'AWS API Call via CloudTrail',
    source: `aws.${service}`,
    account: '111122223333',
    time: '2026-11-30T02:00:00Z',
    region: 'eu-west-1',
    resources: [],
    detail: {
      eventSource: `${service}.amazonaws.com`,
      eventName,
      eventTime: '2026-11-30T02:00:00Z',
      eventID: 'x',
      readOnly: false,
      userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/Admin/mallory' },
      requestParameters,
      ...extra,
    },
  };
}
