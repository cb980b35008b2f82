import type { Detector, Finding } from '../types';
import { before, matches } from './util';

// Tokens whose shape is published by their issuer: a match is a secret without any context. Each has a
// literal that must occur in the text first, a cheap test that skips the scan for most texts.
const TOKEN_PATTERNS: readonly (readonly [string | RegExp, RegExp])[] = [
  [
    /A[KSBCGIPNR][A-Z]{2}[A-Z0-9]{16}/,
    /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA)[A-Z0-9]{16}(?![A-Z0-9])/g,
  ], // AWS key ids
  [/gh[pousr]_/, /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,255}(?![A-Za-z0-9_])/g], // GitHub tokens
  ['github_pat_', /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{60,255}/g],
  [
    /gl[a-z]{1,5}-/,
    /(?<![A-Za-z0-9_])gl(?:pat|dt|rt|ptt|cbt|oas|ft|imt|agent|soat)-[A-Za-z0-9_-]{20,64}(?![A-Za-z0-9_-])/g,
  ], // GitLab
  ['xox', /(?<![A-Za-z0-9_])xox[abposre]-[A-Za-z0-9-]{10,250}/g], // Slack tokens
  ['hooks.slack.com', /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{20,}/g], // Slack webhooks
  [/_(?:live|test)_/, /(?<![A-Za-z0-9_])(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,247}(?![A-Za-z0-9_])/g], // Stripe
  ['whsec_', /(?<![A-Za-z0-9_])whsec_[A-Za-z0-9]{24,}/g], // Stripe webhook secrets
  [
    'eyJ',
    /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}(?![A-Za-z0-9_-])/g,
  ], // JWT
  ['AIza', /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g], // Google API keys
  ['sk-', /(?<![A-Za-z0-9_-])sk-(?:proj-|ant-(?:api\d\d-)?)?[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])/g], // OpenAI, Anthropic
  ['npm_', /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g], // npm
  ['SG.', /(?<![A-Za-z0-9_])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g], // SendGrid
  ['hf_', /(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{34,}(?![A-Za-z0-9_])/g], // Hugging Face
  [
    'PRIVATE KEY',
    /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----[\s\S]*?-----END \1PRIVATE KEY(?: BLOCK)?-----/g,
  ], // PEM
  ['://', /(?<=[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]{3,}(?=@)/gi], // password in a URL's user info
];

// `password = hunter2`, `"api_key": "..."`, `AWS_SECRET_ACCESS_KEY=...`, `token: ...`: the value is redacted.
// The key word comes first in the pattern so the scan can skip ahead to it; what precedes it (`DB_`,
// `aws_secret_`) does not matter.
const ASSIGNMENT =
  /(?:pass(?:word|wd|phrase)?|pwd|secret|api[_.-]?key|apikey|access[_.-]?key|private[_.-]?key|token|credentials?)[A-Za-z0-9]*(?:[_.-][A-Za-z0-9]+)*["']?[ \t]*(?:[:=]|=>|:=)[ \t]*(["']?)([^\s"',;}]{4,200})\1/gi;

// "Authorization: Bearer <token>" and "Basic <base64>".
const AUTH_HEADER = /\b(?:Bearer|Basic|Token)\s+([A-Za-z0-9._~+/=-]{16,})/g;

const SECRET_WORD =
  /(?:secret|token|api[ _-]?key|access key|password|passphrase|credential|private key|signing key|bearer)/i;

// A long random-looking token near a word such as "key" or "token", e.g. "the new key is q8Zt...".
const LONG_TOKEN = /(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_=-]{20,}(?![A-Za-z0-9+/_=-])/g;

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

function looksRandom(token: string): boolean {
  const classes = [/[a-z]/, /[A-Z]/, /\d/].filter((r) => r.test(token)).length;
  return classes >= 2 && /\d/.test(token) && entropy(token) >= 3.5;
}

// Values that name a placeholder rather than hold a secret: `password: ${DB_PASSWORD}`, `token=<redacted>`.
const NOT_A_VALUE = /^(?:\$\{?|<|\[|%|\{\{|null|none|true|false|undefined|required|optional|string|\*+$)/i;

/** "password: must be 8 characters" assigns nothing; a real value has a digit, a symbol, mixed case or length. */
function credible(value: string): boolean {
  return /[\d\W_]/.test(value) || (/[a-z]/.test(value) && /[A-Z]/.test(value.slice(1))) || value.length >= 12;
}

export const secretDetector: Detector = {
  name: 'secret',
  version: '1',
  types: ['SECRET'],
  detect(text: string): Finding[] {
    const out: Finding[] = [];
    const push = (start: number, end: number) =>
      out.push({ start, end, type: 'SECRET', canonical: text.slice(start, end) });
    for (const [literal, pattern] of TOKEN_PATTERNS) {
      if (typeof literal === 'string' ? !text.includes(literal) : !literal.test(text)) continue;
      for (const m of matches(pattern, text)) push(m.index, m.index + m[0].length);
    }
    for (const m of matches(ASSIGNMENT, text)) {
      const value = m[2];
      if (NOT_A_VALUE.test(value) || !credible(value)) continue;
      const start = m.index + m[0].length - value.length - m[1].length;
      push(start, start + value.length);
    }
    for (const m of matches(AUTH_HEADER, text)) {
      const start = m.index + m[0].length - m[1].length;
      push(start, start + m[1].length);
    }
    if (SECRET_WORD.test(text)) {
      for (const m of matches(LONG_TOKEN, text)) {
        if (!looksRandom(m[0])) continue;
        if (!SECRET_WORD.test(before(text, m.index, 60)) && !/\bkey\b/i.test(before(text, m.index, 30)))
          continue;
        push(m.index, m.index + m[0].length);
      }
    }
    return out;
  },
};
