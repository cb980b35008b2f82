import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export interface ServiceRoleProps {
  /** The service principal, e.g. `cloudtrail.amazonaws.com`. */
  readonly service: string;
  readonly description: string;
  /** Everything the role may do; attached as one customer-managed policy (no inline policies). */
  readonly statements: iam.PolicyStatement[];
}

/**
 * A role only the named AWS service can assume, and only on behalf of this account (confused-deputy
 * protection), with its permissions in a customer-managed policy so they can be reviewed and reused.
 */
export class ServiceRole extends Construct {
  public readonly role: iam.Role;
  public readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Resource', {
      description: props.description,
      assumedBy: new iam.ServicePrincipal(props.service).withConditions({
        StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
      }),
    });
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: props.description,
      statements: props.statements,
      roles: [this.role],
    });
  }
}
