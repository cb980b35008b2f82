import {
  AwsSolutionsChecks,
  HIPAASecurityChecks,
  NIST80053R5Checks,
  NagPack,
  PCIDSS321Checks,
} from 'cdk-nag';
import { IConstruct } from 'constructs';
import { IsolationAcknowledgment } from './engine/acknowledgment-file';
import { IsolationChecks } from './isolation-pack';

export interface CompliancePacksOptions {
  /** The reviewed acknowledgments of Isolation rules. @default - none */
  readonly acknowledgments?: readonly IsolationAcknowledgment[];
}

/** The rule packs every project must pass: AWS's four and isotrain's Isolation pack. */
export function compliancePacks(scope?: IConstruct, options: CompliancePacksOptions = {}): NagPack[] {
  return [
    new AwsSolutionsChecks(scope, { verbose: true }),
    new HIPAASecurityChecks(scope, { verbose: true }),
    new NIST80053R5Checks(scope, { verbose: true }),
    new PCIDSS321Checks(scope, { verbose: true }),
    new IsolationChecks(scope, { verbose: true, acknowledgments: options.acknowledgments }),
  ];
}
