/**
 * `node out/test/emulator/cli.js --port 0 --key K [--asset-port 0] [--withheld N]
 *   [--generation-ms MS] [--download-ms MS] [--upload-bytes-per-second N]
 *   [--refuse-async | --ignore-async] [--quiet]`
 * Prints one JSON line {apiBaseUrl, assetBaseUrls, apiKey} on stdout, logs requests on stderr,
 * and runs until SIGINT or SIGTERM.
 */
import { startEmulator, type EmulatorOptions } from './index';

type AsyncHandling = 'refuse-async' | 'ignore-async' | undefined;

function parseArgs(argv: string[]): { options: EmulatorOptions; quiet: boolean; asyncHandling: AsyncHandling } {
  const options: EmulatorOptions = { latency: {} };
  let quiet = false;
  let asyncHandling: AsyncHandling;
  const latency = options.latency!;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) {
        throw new Error(`${flag} needs a value`);
      }
      return next;
    };
    const number = (): number => {
      const parsed = Number(value());
      if (!Number.isFinite(parsed) || parsed < 0) {
        throw new Error(`${flag} needs a non-negative number`);
      }
      return parsed;
    };
    switch (flag) {
      case '--port':
        options.apiPort = number();
        break;
      case '--asset-port':
        options.assetPort = number();
        break;
      case '--key':
        options.apiKey = value();
        break;
      case '--withheld':
        options.withheld = number();
        break;
      case '--generation-ms':
        latency.generationMs = number();
        break;
      case '--download-ms':
        latency.downloadMs = number();
        break;
      case '--upload-bytes-per-second':
        latency.uploadBytesPerSecond = number();
        break;
      case '--quiet':
        quiet = true;
        break;
      case '--refuse-async':
      case '--ignore-async':
        asyncHandling = flag.slice(2) as AsyncHandling;
        break;
      default:
        throw new Error(`Unknown option ${flag}`);
    }
  }
  return { options, quiet, asyncHandling };
}

async function main(): Promise<void> {
  const { options, quiet, asyncHandling } = parseArgs(process.argv.slice(2));
  const emulator = await startEmulator({
    ...options,
    log: quiet ? undefined : (line) => process.stderr.write(`[emulator] ${line}\n`),
  });
  if (asyncHandling) {
    emulator.injectFault({ endpoint: 'generate', kind: asyncHandling, times: Infinity });
  }
  process.stdout.write(
    `${JSON.stringify({ apiBaseUrl: emulator.apiBaseUrl, assetBaseUrls: emulator.assetBaseUrls, apiKey: emulator.apiKey })}\n`,
  );
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator: ${(error as Error).message}\n`);
  process.exit(1);
});
