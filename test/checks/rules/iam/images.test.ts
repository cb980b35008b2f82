import { ImagesFromNamedRepositories } from '../../../../lib/checks/rules/iam/images-from-named-repositories';
import { Statement } from '../../fixture';
import { res, tag } from '../../support';
import { Build, flags, reasonsOf } from '../reasons';

const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];
const OWN = 'arn:aws:ecr:eu-west-1:111122223333:repository/isotrain/finetune';

const role =
  (purpose: string | undefined, statements: Statement[]): Build =>
  (s) =>
    res(s, 'Runner', 'AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [] },
      ...(purpose ? { Tags: tag(purpose) } : {}),
      Policies: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
    });
const pulls = (resource: unknown, purpose: string | null = 'training-role') =>
  reasonsOf(
    ImagesFromNamedRepositories,
    role(purpose ?? undefined, [{ Effect: 'Allow', Action: PULL, Resource: resource }]),
  );
const STRANGER = /^ecr:BatchGetImage and 1 more from a repository the templates do not name/;

describe('Isolation-IAM8: the roles jobs and models run as pull images only from named repositories', () => {
  test('passes repositories named one by one, in this account or another', () => {
    expect(pulls([OWN])).toEqual({});
    // An AWS Deep Learning Containers repository, named by the project file.
    expect(pulls([OWN, 'arn:aws:ecr:eu-west-1:763104351884:repository/pytorch-training'])).toEqual({});
  });
  test('fails when the role may pull from any repository, naming where', () => {
    const f = pulls('*');
    expect(flags(f, 'Runner', STRANGER)).toBe(true);
    expect(flags(f, 'Runner', /repository\/isotrain-check-elsewhere by Runner$/)).toBe(true);
  });
  test('fails when a named repository may come from any account', () => {
    expect(flags(pulls(['arn:aws:ecr:*:*:repository/isotrain/finetune']), 'Runner', STRANGER)).toBe(true);
    expect(flags(pulls(['arn:aws:ecr:eu-west-1:*:repository/isotrain/*']), 'Runner', STRANGER)).toBe(true);
  });
  test('fails for the serving role too, and when NotResource opens the rest', () => {
    expect(flags(pulls('*', 'serving-role'), 'Runner', STRANGER)).toBe(true);
    const f = reasonsOf(
      ImagesFromNamedRepositories,
      role('training-role', [{ Effect: 'Allow', Action: PULL, NotResource: OWN }]),
    );
    expect(flags(f, 'Runner', STRANGER)).toBe(true);
  });
  test('passes a wildcard that a Deny on other repositories takes back', () => {
    expect(
      reasonsOf(
        ImagesFromNamedRepositories,
        role('training-role', [
          { Effect: 'Allow', Action: PULL, Resource: '*' },
          { Effect: 'Deny', Action: 'ecr:*', NotResource: OWN },
        ]),
      ),
    ).toEqual({});
  });
  test('does not apply to roles nothing runs as', () => {
    expect(pulls('*', 'release-role')).toEqual({});
    expect(pulls('*', null)).toEqual({}); // untagged
  });
});
