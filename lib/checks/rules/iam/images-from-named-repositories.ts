/**
 * Isolation-IAM8: the roles jobs and models run as pull images only from repositories the templates
 * name, as AWS would decide it from their own identity policies.
 *
 * SageMaker pulls a job's or a model's image with its execution role, and no condition key of
 * CreateTrainingJob, CreateProcessingJob or CreateModel names the image: the role's ECR permissions
 * are the only thing that decides whose code runs next to the data. A role that may pull from any
 * repository runs whatever any account puts in a repository it shares (its owner's policy open to
 * everyone), and that code reads the data and writes the model. Repositories named one by one pass,
 * in any account (a project file may name an AWS Deep Learning Containers repository): who may push
 * to them is that repository's policy, which the templates do not hold.
 */
import { CfnResource } from 'aws-cdk-lib';
import { PURPOSES, SERVING_PURPOSES } from '../../../contract';
import { stringValues } from '../../cfn';
import { Named, isDenied } from '../../iam';
import { actionClasses, ask } from '../../access/ask';
import { otherAccount } from '../../access/callers';
import { Failures, Findings } from '../../access/findings';
import { Inventory } from '../../access/inventory';
import { PROBE } from '../../access/s3';
import { IsolationRule, NOT_APPLICABLE } from '../../rule';

/** The roles SageMaker runs code as, next to the data: training and redaction jobs, serving models. */
const RUN_AS_ROLES: readonly string[] = [PURPOSES.trainingRole, SERVING_PURPOSES.servingRole];

/** What it takes to pull an image: its manifest and its layers. */
const PULL_ACTIONS = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

/** What the owner of a repository outside the project writes into its policy: anyone may pull. */
const OPEN_REPOSITORY: Named = {
  name: 'the policy of a repository its owner opened to everyone',
  document: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: PULL_ACTIONS, Resource: '*' }],
  },
};

/**
 * The repository names the role's policies mention (wildcards made concrete), and the accounts they
 * mention: the same name in an account the policies do not name must be refused too, or whoever
 * creates a repository of that name there supplies the code.
 */
function namedRepositories(documents: readonly Named[]): { names: string[]; accounts: string[] } {
  const arns = documents
    .flatMap((d) => stringValues(d.document))
    .map((s) => /^arn:[^:]*:ecr:[^:]*:([^:]*):repository\/(.+)$/.exec(s))
    .filter((m): m is RegExpExecArray => m !== null);
  return {
    names: [...new Set(arns.map((m) => m[2].replace(/[*?]/g, 'x')))],
    accounts: [...new Set(arns.map((m) => m[1]))],
  };
}

export const ImagesFromNamedRepositories: IsolationRule = {
  id: 'IAM8',
  control: 11,
  types: ['AWS::IAM::Role'],
  info: 'A role that jobs or models run as (training, redaction, serving) may pull images from repositories the templates do not name: any repository another account shares.',
  explanation:
    "Evaluated as AWS would decide from the role's own identity policies: SageMaker pulls the image with " +
    'the execution role and no condition key of CreateTrainingJob or CreateModel names the image, so the ' +
    "role's ECR permissions decide whose code reads the data. A pull from a repository of another account " +
    'whose owner shares it with everyone must be refused. Grant ecr:BatchGetImage and ' +
    'ecr:GetDownloadUrlForLayer on the repositories of training.ecrRepositories (and the pinned ' +
    'evaluation, redactor and inference images) by ARN, never on "*" or with a wildcard account.',
  check: (node: CfnResource) => {
    const inv = Inventory.of(node);
    const role = inv.get(node);
    if (!RUN_AS_ROLES.includes(inv.purpose(role) ?? '')) return NOT_APPLICABLE;
    const caller = inv.caller(role);
    const named = namedRepositories(caller.identity);
    let stranger = otherAccount(inv.symbols.account(role));
    while (named.accounts.includes(stranger)) stranger = String(Number(stranger) + 1);
    const at = `arn:${inv.symbols.partition}:ecr:${inv.symbols.region(role)}:${stranger}:repository/`;
    const failures = new Failures();
    for (const name of [`${PROBE}-elsewhere`, ...named.names]) {
      for (const group of actionClasses(PULL_ACTIONS, caller.identity)) {
        const result = ask({
          caller,
          action: group[0],
          resource: `${at}${name}`,
          resourceAccount: stranger,
          resourcePolicy: OPEN_REPOSITORY,
        });
        if (!isDenied(result))
          failures.add(
            "{actions} from a repository the templates do not name (another account's, shared with everyone)",
            group,
            `${at}${name} by ${caller.id}`,
            result,
          );
      }
    }
    const f = new Findings();
    failures.into(f);
    return f.result();
  },
};
