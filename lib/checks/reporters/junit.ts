import { CheckReport, Finding } from '../findings';
import { relativePath, resourceKey } from './common';

const xml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/**
 * JUnit XML: one suite per pack, one failing test case per finding and one passing case per
 * template the pack found clean, so CI shows what was checked as well as what failed.
 */
export function junitReport(report: CheckReport, cwd: string): string {
  const suites: string[] = [];
  let total = 0;
  let failures = 0;
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
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="isotrain check" tests="${total}" failures="${failures}" errors="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function testcase(f: Finding, cwd: string): string {
  const file = relativePath(f.file, cwd);
  const body = [
    f.info,
    f.explanation && `Fix: ${f.explanation}`,
    file && `File: ${file}${f.line ? `:${f.line}` : ''}`,
  ]
    .filter(Boolean)
    .join('\n');
  return [
    `    <testcase classname="${xml(f.pack)}" name="${xml(`${f.rule} ${resourceKey(f)}`)}"${file ? ` file="${xml(file)}"` : ''}>`,
    `      <failure message="${xml(f.info)}" type="${xml(f.rule)}">${xml(body)}</failure>`,
    '    </testcase>',
  ].join('\n');
}
