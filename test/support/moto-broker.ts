/**
 * Lends each jest worker one moto server for the whole run, started the first time a file of that
 * worker asks (so a run without moto tests starts none). It lives in the jest main process, which owns
 * the servers: global-teardown.ts ends them and waits for them, so their CPU time counts in the run.
 */
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { spawnMoto } from './moto';

export interface MotoBroker {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startMotoBroker(): Promise<MotoBroker> {
  const servers = new Map<string, ReturnType<typeof spawnMoto>>();
  const server = http.createServer((req, res) => {
    const worker = /^\/moto\/([^/]+)$/.exec(req.url ?? '')?.[1];
    if (req.method !== 'POST' || !worker) {
      res.writeHead(404).end();
      return;
    }
    if (!servers.has(worker)) servers.set(worker, spawnMoto());
    servers.get(worker)!.then(
      (m) =>
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ endpoint: m.endpoint })),
      (e: Error) => {
        // A failed start is not cached: the next file tries again and reports its own error.
        servers.delete(worker);
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: e.message }));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // The broker must not keep jest alive, nor a worker's idle keep-alive connection keep it open.
  server.unref();
  server.keepAliveTimeout = 1000;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const started = await Promise.allSettled([...servers.values()]);
      await Promise.all(started.flatMap((s) => (s.status === 'fulfilled' ? [s.value.stop()] : [])));
    },
  };
}
