/* eslint-disable @typescript-eslint/no-unsafe-assignment -- CloudFormation templates and policies are untyped JSON */
/**
 * A service principal acting for another account: the request AWS makes when a service works for a
 * resource of someone else (aws:SourceAccount and aws:SourceArn name that account's resource;
 * kms:CallerAccount and encryption contexts name it too). A policy that grants a service without
 * binding these keys to its own account lets any account point the service at it.
 */
import { ContextValue } from '../iam';
import { Json } from '../cfn';
import { Caller } from './inventory';
import { service } from './callers';
import { conditionValues } from './s3';

/** Condition keys that name the calling service when the Principal element names everyone. */
const SERVICE_NAME_KEYS = ['aws:PrincipalServiceName', 'aws:PrincipalServiceNamesList'];

/**
 * Every service principal a document names: in a Principal element, or as the calling service a
 * condition admits (`Principal: {AWS: "*"}` with aws:PrincipalServiceName matches that service).
 */
export function servicesNamed(doc: Json): string[] {
  const out = new Set<string>(
    SERVICE_NAME_KEYS.flatMap((k) => conditionValues([{ name: '', document: doc }], k)).filter((v) =>
      /^[a-z0-9.-]+\.amazonaws\.com$/i.test(v),
    ),
  );
  const walk = (v: Json) => {
    if (!v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach(walk);
    for (const [k, x] of Object.entries(v as Record<string, Json>)) {
      if (k === 'Principal' && x && typeof x === 'object' && !Array.isArray(x)) {
        const s = (x as Record<string, Json>).Service;
        for (const name of Array.isArray(s) ? s : [s]) if (typeof name === 'string') out.add(name);
      } else walk(x);
    }
  };
  walk(doc);
  return [...out];
}

/** The service's name as ARNs spell it (`logs.eu-west-1.amazonaws.com` → `logs`). */
function arnService(name: string): string {
  return name.split('.')[0];
}

/** Context keys a document tests that carry the source of a service's request. */
function encryptionContextKeys(doc: Json): string[] {
  const text = JSON.stringify(doc ?? {});
  return [...new Set([...text.matchAll(/"(kms:EncryptionContext:[^"]+)"/gi)].map((m) => m[1]))];
}

export interface ServiceRequest {
  readonly caller: Caller;
  readonly context: Readonly<Record<string, ContextValue>>;
}

/**
 * The source ARNs a request of a service working for `account` may carry: a resource of the service
 * in that account, and every aws:SourceArn pattern the document tests, made that account's (an ARN
 * whose account field is a wildcard admits any account's resource).
 */
function sourceArns(doc: Json, name: string, account: string, region: string): string[] {
  const own = `arn:aws:${arnService(name)}:${region}:${account}:isotrain-check`;
  const tested = conditionValues([{ name: '', document: doc }], 'aws:SourceArn').flatMap((v) => {
    const parts = v.split(':');
    if (parts.length < 6 || v.includes('{{unknown:')) return [];
    parts[4] = account;
    return [parts.join(':').replace(/\*/g, 'isotrain-check').replace(/\?/g, 'x')];
  });
  return [...new Set([own, ...tested])];
}

/**
 * Each service the document names, sending no source at all (no aws:SourceAccount, aws:SourceArn or
 * encryption context): AWS sets those keys only when the service works for a resource, so a
 * condition that tests them with an `...IfExists` operator, or not at all, lets the request through.
 */
export function servicesWithoutSource(doc: Json): ServiceRequest[] {
  return servicesNamed(doc).map((name) => ({
    caller: { ...service(name), id: `${name} naming no source account` },
    context: {},
  }));
}

/** Each service the document names, working for a resource of `account` in `region`. */
export function servicesFor(doc: Json, account: string, region: string): ServiceRequest[] {
  const contextKeys = encryptionContextKeys(doc);
  return servicesNamed(doc).flatMap((name) =>
    sourceArns(doc, name, account, region).map((sourceArn) => ({
      caller: { ...service(name), id: `${name} working for account ${account}` },
      context: {
        'aws:SourceAccount': account,
        'aws:SourceArn': sourceArn,
        'kms:CallerAccount': account,
        ...Object.fromEntries(contextKeys.map((k) => [k, sourceArn])),
      },
    })),
  );
}
