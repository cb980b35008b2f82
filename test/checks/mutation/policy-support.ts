/**
 * Finding things in the shared test project's templates for the policy mutants (issue 9): statements
 * by Sid, the roles and managed policies by purpose, the launcher and its fence.
 */
import { Json, Templates, all, bucket, one, policyOf, purposeOf } from './harness';

/** The statements of a policy document. */
export const statementsOf = (doc: Json): Json[] => doc.Statement;

/** The statement with this Sid (the test fails at setup if there is none: the mutant would be void). */
export function sid(doc: Json, id: string): Json {
  const s = doc.Statement.find((x: Json) => x.Sid === id);
  if (!s) throw new Error(`mutant setup: no statement ${id}`);
  return s;
}

export function dropSid(doc: Json, id: string): void {
  sid(doc, id);
  doc.Statement = doc.Statement.filter((x: Json) => x.Sid !== id);
}

export const dataPolicy = (t: Templates) => policyOf(t, bucket(t, 'training-data').id);
export const artifactsPolicy = (t: Templates) => policyOf(t, bucket(t, 'artifacts').id);
export const auditPolicy = (t: Templates) => policyOf(t, bucket(t, 'audit').id);

export const role = (t: Templates, purpose: string) =>
  one(t, 'AWS::IAM::Role', (r) => purposeOf(r) === purpose);
/** Adds an inline `AWS::IAM::RolePolicy` (`<id>`) with these statements to the role of a purpose. */
export function addInlinePolicy(t: Templates, purpose: string, id: string, statements: Json[]): void {
  const r = role(t, purpose);
  t[r.file].Resources[id] = {
    Type: 'AWS::IAM::RolePolicy',
    Properties: {
      RoleName: { Ref: r.id },
      PolicyName: 'extra',
      PolicyDocument: { Version: '2012-10-17', Statement: statements },
    },
  };
}
export const roleArn = (t: Templates, purpose: string) => ({ 'Fn::GetAtt': [role(t, purpose).id, 'Arn'] });
export const trustOf = (t: Templates, purpose: string): Json =>
  role(t, purpose).r.Properties.AssumeRolePolicyDocument;
export const key = (t: Templates, purpose: string) =>
  one(t, 'AWS::KMS::Key', (r) => purposeOf(r) === purpose);

/** A managed policy whose statements include this Sid. */
export function managedWith(t: Templates, id: string): Json {
  const found = all(t).find(
    (x) =>
      x.r.Type === 'AWS::IAM::ManagedPolicy' &&
      x.r.Properties.PolicyDocument.Statement.some((s: Json) => s.Sid === id),
  );
  if (!found) throw new Error(`mutant setup: no managed policy with ${id}`);
  return found.r.Properties.PolicyDocument;
}

/** The template file and logical ID of the managed policy whose statements include this Sid. */
export function managedEntryWith(t: Templates, id: string): { file: string; id: string } {
  const found = all(t).find(
    (x) =>
      x.r.Type === 'AWS::IAM::ManagedPolicy' &&
      x.r.Properties.PolicyDocument.Statement.some((s: Json) => s.Sid === id),
  );
  if (!found) throw new Error(`mutant setup: no managed policy with ${id}`);
  return { file: found.file, id: found.id };
}

/** The managed policy that grants job creation (not its fence). */
export const launcher = (t: Templates) => managedWith(t, 'LaunchProjectJobs');
export const fence = (t: Templates) => managedWith(t, 'DenySageMakerBeyondTheLauncher');
export const runGovernance = (t: Templates) => managedWith(t, 'WipeInputsAndCheckpoints');

export const s3Endpoint = (t: Templates) =>
  one(t, 'AWS::EC2::VPCEndpoint', (r) => r.Properties.VpcEndpointType !== 'Interface');
