// `node throughput.js IN OUT`: redacts one file as `isotrain redact` does (pseudonyms, default threads) and
// prints what it took as JSON. bench.ts runs it bundled by esbuild with the flags of
// docker/redactor/Dockerfile, so the figure is the image's, not that of TypeScript compiled on the fly.
import { redactFile } from '../../lib/redact';

async function main(): Promise<void> {
  const [input, output] = process.argv.slice(2);
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  await redactFile(input, output, { pseudonyms: true });
  const cpu = process.cpuUsage(cpu0);
  console.log(
    JSON.stringify({
      seconds: Number(process.hrtime.bigint() - t0) / 1e9,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
