import * as http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A proxy in front of moto that answers chosen calls with what AWS answers and moto cannot: access
 * denied by a guardrail, throttling, quotas, expired tokens, an HTML page from a captive proxy. Every
 * other call reaches moto untouched, so the SDK parses real wire responses (its retry and error
 * classification run as they do against AWS).
 */
export interface Fault {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
}

export interface FaultProxy {
  readonly endpoint: string;
  /** Operations seen, in order: `SageMaker.CreateTrainingJob`, `STS.GetCallerIdentity`, `S3 PUT /bucket/key`. */
  readonly calls: string[];
  /** The next `times` calls whose operation matches get `fault` instead of reaching moto. */
  fail(operation: RegExp, fault: Fault, times?: number): void;
  /** Answers matching calls with what `answer` returns for the request body; undefined lets them through. */
  answer(operation: RegExp, answer: (body: string) => Fault | undefined): void;
  /** Rewrites the JSON body of matching successful answers (a job's status, say). */
  rewrite(operation: RegExp, edit: (body: Record<string, unknown>) => void): void;
  clear(): void;
  stop(): Promise<void>;
}

/** awsJson (SageMaker, SSM, CloudWatch Logs). */
export function jsonError(code: string, message: string, status = 400): Fault {
  return {
    status,
    body: JSON.stringify({ __type: code, message }),
    contentType: 'application/x-amz-json-1.1',
  };
}

/** awsQuery (STS, CloudFormation). */
export function queryError(code: string, message: string, status = 400): Fault {
  return {
    status,
    body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault-1</RequestId></ErrorResponse>`,
    contentType: 'text/xml',
  };
}

/** restXml (S3). */
export function s3Error(code: string, message: string, status = 403, extra = ''): Fault {
  return {
    status,
    body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message>${extra}<RequestId>fault-1</RequestId></Error>`,
    contentType: 'application/xml',
  };
}

/** What a captive portal or a misconfigured proxy sends. */
export function htmlPage(status = 200): Fault {
  return {
    status,
    body: '<html><body><h1>Sign in to the network</h1></body></html>',
    contentType: 'text/html',
  };
}

function operationOf(req: http.IncomingMessage, body: string): string {
  const target = String(req.headers['x-amz-target'] ?? '');
  if (target) return target.replace(/^AWSSecurityTokenServiceV\d+\./, 'STS.').replace(/^AmazonSSM\./, 'SSM.');
  const action = /(?:^|&)Action=(\w+)/.exec(body)?.[1];
  if (action) {
    // The SigV4 credential scope names the service: Credential=<key>/<date>/<region>/<service>/aws4_request.
    const scope = /Credential=[^/]+\/\d+\/[^/]+\/([^/]+)\//.exec(
      String(req.headers.authorization ?? ''),
    )?.[1];
    return `${scope === 'sts' ? 'STS' : scope === 'cloudformation' ? 'CloudFormation' : (scope ?? 'Query')}.${action}`;
  }
  return `S3 ${req.method} ${req.url?.split('?')[0]}`;
}

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const calls: string[] = [];
  let faults: { operation: RegExp; fault: Fault; left: number }[] = [];
  let rewrites: { operation: RegExp; edit: (body: Record<string, unknown>) => void }[] = [];
  let answers: { operation: RegExp; answer: (body: string) => Fault | undefined }[] = [];

  const forward = async (req: http.IncomingMessage, body: Buffer) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
    }
    const res = await fetch(`${upstream}${req.url}`, {
      method: req.method,
      headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const operation = operationOf(req, body.toString());
        calls.push(operation);
        const send = (status: number, text: string, contentType: string) => {
          res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
          res.end(text);
        };
        const fault = faults.find((f) => f.left > 0 && f.operation.test(operation));
        if (fault) {
          fault.left--;
          return send(fault.fault.status, fault.fault.body, fault.fault.contentType);
        }
        for (const a of answers.filter((x) => x.operation.test(operation))) {
          const answered = a.answer(body.toString());
          if (answered) return send(answered.status, answered.body, answered.contentType);
        }
        try {
          const up = await forward(req, body);
          const rewrite = rewrites.find((r) => r.operation.test(operation));
          if (rewrite && up.status === 200) {
            const json = JSON.parse(up.text) as Record<string, unknown>;
            rewrite.edit(json);
            return send(200, JSON.stringify(json), up.headers.get('content-type') ?? 'application/json');
          }
          res.writeHead(
            up.status,
            Object.fromEntries(
              [...up.headers.entries()].filter(
                ([k]) => !['content-length', 'content-encoding', 'transfer-encoding'].includes(k),
              ),
            ),
          );
          res.end(up.text);
        } catch (e) {
          send(500, JSON.stringify({ __type: 'InternalFailure', message: String(e) }), 'application/json');
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    fail: (operation, fault, times = Infinity) => void faults.push({ operation, fault, left: times }),
    answer: (operation, answer) => void answers.push({ operation, answer }),
    rewrite: (operation, edit) => void rewrites.push({ operation, edit }),
    clear: () => {
      faults = [];
      rewrites = [];
      answers = [];
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
