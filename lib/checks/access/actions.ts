/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
/** Actions a document names, made concrete, so a rule asks about them besides its own lists. */
import { stringList } from '../iam/tokens';
import { PolicyDocument } from '../iam';
import { statementList } from './documents';

/** `s3:Get*` → `s3:GetIsotrainCheck`; `*` → `<service>:IsotrainCheck`; only actions of `service`. */
export function actionsNamed(doc: PolicyDocument | undefined, service: string): string[] {
  const out = new Set<string>();
  for (const s of statementList(doc)) {
    if (!s || typeof s !== 'object') continue;
    for (const v of [...stringList(s.Action), ...stringList(s.NotAction)]) {
      const concrete =
        v === '*' ? `${service}:IsotrainCheck` : v.replace(/\*/g, 'IsotrainCheck').replace(/\?/g, 'X');
      if (concrete.toLowerCase().startsWith(`${service.toLowerCase()}:`)) out.add(concrete);
    }
  }
  return [...out];
}
