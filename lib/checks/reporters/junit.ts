import { CheckReport, Finding } from '../findings';
import { acknowledgedBy, fileLine, relativePath, resourceKey } from './common';

const xml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/**
 * JUnit XML: one suite per pack, one failing test case per finding and one passing case per
 * template the pack found clean, so CI shows what was checked as well as what failed; then a suite
 * of acknowledgments, each a skipped case that says who granted it and why.
 */
export function junitReport(report: CheckReport, cwd: string): string {
  const suites: string[] = [];
  let total = 0;
  let failures = 0;
  let skipped = 0;
  // cfn-lint is not a pack, but its errors are findings: give it a suite when it has any.
  const packs = [...new Set([...report.packs, ...report.findings.map((f) => f.pack)])];
  for (const pack of packs) {
    const cases: string[] = [];
    const ofPack = report.findings.filter((f) => f.pack === pack);
    for (const stack of report.stacks) {
      const found = ofPack.filter((f) => f.stackName === stack.stackName);
      if (found.length === 0) {
        cases.push(
          `    <testcase classname="${xml(pack)}" name="${xml(`${stack.stackName}: no findings`)}"/>`,
        );
        continue;
      }
      for (const f of found) cases.push(testcase(f, cwd));
    }
    const stray = ofPack.filter((f) => !report.stacks.some((s) => s.stackName === f.stackName));
    for (const f of stray) cases.push(testcase(f, cwd));
    total += cases.length;
    const failed = cases.filter((c) => c.includes('<failure')).length;
    failures += failed;
    suites.push(
      `  <testsuite name="${xml(pack)}" tests="${cases.length}" failures="${failed}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  const acknowledged = [
    ...report.acknowledgments.map((a) =>
      skippedCase(
        a.pack,
        `${a.rule} ${resourceKey(a)}`,
        `acknowledged in ${acknowledgedBy(a, cwd)}: ${a.reason}`,
        relativePath(a.file, cwd),
      ),
    ),
    ...report.staleAcknowledgments.map((s) =>
      skippedCase(
        'stale',
        `${s.rule} ${s.stack} / ${s.resource}`,
        `stale: matches no finding (${fileLine(s.file, s.line, cwd)}); remove or correct it`,
        relativePath(s.file, cwd),
      ),
    ),
    ...report.ignoredAcknowledgments.map((i) =>
      skippedCase(
        'not honoured',
        `${i.rule} ${resourceKey(i)}`,
        `not honoured: a template cannot acknowledge the Isolation rules that judge it (${i.reason})`,
      ),
    ),
  ];
  if (acknowledged.length > 0) {
    total += acknowledged.length;
    skipped += acknowledged.length;
    suites.push(
      `  <testsuite name="Acknowledgments" tests="${acknowledged.length}" failures="0" errors="0" skipped="${acknowledged.length}">\n${acknowledged.join('\n')}\n  </testsuite>`,
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="isotrain check" tests="${total}" failures="${failures}" errors="0" skipped="${skipped}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function skippedCase(classname: string, name: string, message: string, file?: string): string {
  return [
    `    <testcase classname="${xml(classname)}" name="${xml(name)}"${file ? ` file="${xml(file)}"` : ''}>`,
    `      <skipped message="${xml(message)}"/>`,
    '    </testcase>',
  ].join('\n');
}

function testcase(f: Finding, cwd: string): string {
  const file = relativePath(f.file, cwd);
  const body = [
    f.info,
    f.explanation && `Fix: ${f.explanation}`,
    file && `File: ${fileLine(f.file, f.line, cwd)}`,
  ]
    .filter(Boolean)
    .join('\n');
  return [
    `    <testcase classname="${xml(f.pack)}" name="${xml(`${f.rule} ${resourceKey(f)}`)}"${file ? ` file="${xml(file)}"` : ''}>`,
    `      <failure message="${xml(f.info)}" type="${xml(f.rule)}">${xml(body)}</failure>`,
    '    </testcase>',
  ].join('\n');
}
