// The layers of isotrain (docs/architecture.md), enforced by `npm run lint`. Paths are relative to
// the repository root. Each rule names the layer it protects; a violation fails CI.
const CDK = '^node_modules/(aws-cdk-lib|cdk-nag|constructs|@cdklabs)/';
const SDK = '^node_modules/@aws-sdk/';

/** A layer may import only itself and the layers named. */
function only(name, from, allowed, comment) {
  return {
    name,
    comment,
    severity: 'error',
    from: { path: from },
    to: { path: '^(lib|constructs|bin|scripts|bench)/', pathNot: `^(${allowed.join('|')})` },
  };
}

module.exports = {
  forbidden: [
    only(
      'contract-is-a-leaf',
      '^lib/contract/',
      ['lib/contract/'],
      'The shared vocabulary imports nothing of the project.',
    ),
    only(
      'config-over-contract',
      '^lib/config/',
      ['lib/config/', 'lib/contract/'],
      'Project files and specs are parsed with the contract alone.',
    ),
    only(
      'infra-over-config',
      '^(constructs|lib/infra)/',
      ['constructs/', 'lib/infra/', 'lib/config/', 'lib/contract/'],
      'Constructs, stacks and the stage know the contract and the typed config, never checks, AWS calls or the CLI.',
    ),
    only(
      'checks-never-import-infra',
      '^lib/checks/',
      ['lib/checks/', 'lib/config/', 'lib/contract/'],
      'The checks judge templates from anywhere: they never import the infrastructure that made them.',
    ),
    only(
      'aws-over-config',
      '^lib/aws/',
      ['lib/aws/', 'lib/config/', 'lib/contract/'],
      'One AWS module: clients, errors, polling, outputs.',
    ),
    only(
      'launcher-over-aws',
      '^lib/launcher/',
      ['lib/launcher/', 'lib/aws/', 'lib/config/', 'lib/contract/'],
      'Request builders and workflows over the aws module.',
    ),
    only(
      'governance-over-launcher',
      '^lib/governance/',
      ['lib/governance/', 'lib/launcher/', 'lib/aws/', 'lib/config/', 'lib/contract/'],
      'Governance hooks into launches; the launcher never knows governance.',
    ),
    only(
      'serving-over-governance',
      '^lib/serving/',
      ['lib/serving/', 'lib/governance/', 'lib/launcher/', 'lib/aws/', 'lib/config/', 'lib/contract/'],
      'Serving runtime (stop, start, invoke) records in the run record through governance.',
    ),
    only(
      'sandbox-over-aws',
      '^lib/sandbox/',
      ['lib/sandbox/', 'lib/launcher/', 'lib/aws/', 'lib/config/', 'lib/contract/'],
      'The local stand-in of a deployed project: AWS calls against moto, never the infrastructure.',
    ),
    only(
      'teardown-over-aws',
      '^lib/teardown/',
      ['lib/teardown/', 'lib/launcher/', 'lib/aws/', 'lib/config/', 'lib/contract/'],
      'What a removed project leaves behind: reads over the aws module.',
    ),
    only(
      'redact-is-pure',
      '^lib/redact/',
      ['lib/redact/', 'lib/contract/'],
      'The redactor runs inside a container with nothing else of the project.',
    ),
    only(
      'checked-app-joins-infra-and-checks',
      '^lib/checked-app/',
      ['lib/checked-app/', 'lib/infra/', 'lib/checks/', 'lib/config/', 'lib/contract/'],
      'The one place where the app is synthesized and then checked.',
    ),
    {
      name: 'cli-is-the-top',
      comment:
        'Only entry points import the CLI; the library reports errors as types, the CLI maps them to exit codes.',
      severity: 'error',
      from: { path: '^(lib|constructs|scripts|bench)/', pathNot: '^lib/cli/' },
      to: { path: '^lib/cli/' },
    },
    {
      name: 'runtime-never-loads-cdk',
      comment:
        'The launcher and governance commands start fast: no aws-cdk-lib, cdk-nag or constructs below the CLI.',
      severity: 'error',
      from: { path: '^lib/(contract|config|aws|launcher|governance|serving|redact|sandbox|teardown)/' },
      to: { path: CDK },
    },
    {
      name: 'synth-is-offline',
      comment: 'No AWS call at synth time: infrastructure and checks never load the AWS SDK.',
      severity: 'error',
      // Lambda handlers run in AWS at deploy time, not at synth.
      from: {
        path: '^(constructs|lib/infra|lib/checks|lib/checked-app|lib/contract|lib/config)/',
        pathNot: '^constructs/handlers/',
      },
      to: { path: SDK },
    },
    {
      name: 'no-test-code-in-the-product',
      severity: 'error',
      from: { path: '^(lib|constructs|bin)/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^(lib|constructs)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(cdk\\.out|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
