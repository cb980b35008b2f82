/**
 * The plain-string fast paths (plain.ts) against the token paths they stand in for, on every pair of
 * a generated set of patterns and subjects: both must give the same answer, so the evaluator's other
 * tests (which now mostly run the fast paths) still vouch for the token paths used with unknowns.
 */
import { matches } from '../../../lib/checks/iam/glob';
import { arnTokensMatch } from '../../../lib/checks/iam/matching';
import { arnGlob, globMatch } from '../../../lib/checks/iam/plain';
import { subject } from '../../../lib/checks/iam/tokens';
import { pattern } from '../../../lib/checks/iam/variables';

const GLOBS = [
  '',
  '*',
  '**',
  '?',
  'a',
  'a*',
  '*a',
  'a?c',
  'a*c',
  '*b*',
  'ab*?',
  '?*?',
  'a**b',
  'abc',
  'a*b*c',
];
const WORDS = ['', 'a', 'ab', 'abc', 'abcc', 'acb', 'bab', 'aab', 'abcabc', 'xbx', 'cba', 'aXbYc'];

const ARN_PATTERNS = [
  '*',
  'arn:aws:s3:::bucket',
  'arn:aws:s3:::bucket/*',
  'arn:aws:s3:::buck*',
  'arn:aws:s3:::*/key',
  'arn:*:s3:::bucket/*',
  'arn:aws:*:*:*:*',
  'arn:aws:iam::*:role/*',
  'arn:aws:iam::1111:role/a*',
  'arn:aws:logs:eu:1111:log-group:/x:*',
  'arn:aws:s3:::a:b',
  'arn:aws:s3::*',
  'arn:aws*',
  'arn:aws:iam:?:1111:role/x',
];
const ARNS = [
  'arn:aws:s3:::bucket',
  'arn:aws:s3:::bucket/key',
  'arn:aws:s3:::bucket/a/b:c',
  'arn:aws:s3:::other/key',
  'arn:aws-cn:s3:::bucket/key',
  'arn:aws:iam::1111:role/admin',
  'arn:aws:iam::1111:role/path/a',
  'arn:aws:iam::2222:role/x',
  'arn:aws:logs:eu:1111:log-group:/x:log-stream:y',
  'arn:aws:s3:::a:b',
  'arn:aws:s3::',
  'not-an-arn',
  '*',
];

test('globMatch agrees with the token matcher on every pattern and subject', () => {
  const disagreements: string[] = [];
  for (const p of GLOBS) {
    for (const s of WORDS) {
      const tokens = matches(pattern(p, { wildcards: true })!, subject(s));
      if (tokens !== globMatch(p, s)) disagreements.push(`${p} ~ ${s}`);
    }
  }
  expect(disagreements).toEqual([]);
});

test('arnGlob agrees with the segmented token matcher on every ARN pattern and ARN', () => {
  const disagreements: string[] = [];
  for (const p of ARN_PATTERNS) {
    for (const s of ARNS) {
      const tokens = arnTokensMatch(pattern(p, { wildcards: true })!, subject(s));
      if (tokens !== arnGlob(p, s)) disagreements.push(`${p} ~ ${s}: tokens ${String(tokens)}`);
    }
  }
  expect(disagreements).toEqual([]);
});

test('a wildcard stays within its ARN part outside the resource part', () => {
  expect(arnGlob('arn:aws:s3:::*', 'arn:aws:s3:::bucket/key')).toBe(true);
  expect(arnGlob('arn:aws:*:::bucket', 'arn:aws:s3:x::bucket')).toBe(false);
});
