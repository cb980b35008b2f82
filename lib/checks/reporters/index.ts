import { CheckReport } from '../findings';
import { jsonReport } from './json';
import { junitReport } from './junit';
import { sarifReport } from './sarif';
import { textReport } from './text';

export const FORMATS = ['text', 'json', 'junit', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export const EXTENSIONS: Record<Format, string> = {
  text: 'txt',
  json: 'json',
  junit: 'junit.xml',
  sarif: 'sarif',
};

export function render(report: CheckReport, format: Format, cwd: string): string {
  switch (format) {
    case 'text':
      return textReport(report, cwd);
    case 'json':
      return jsonReport(report, cwd);
    case 'junit':
      return junitReport(report, cwd);
    case 'sarif':
      return sarifReport(report, cwd);
  }
}
