/**
 * Codec comparison for src/imaging: decode a 12-megapixel JPEG, resize it to a long side of
 * 1536 px, encode it as JPEG, with each WebAssembly or pure-JavaScript candidate, and print a table.
 * A script, not a test: `npx tsc -p test/tsconfig.json && node out/scripts/bench/codecs.js`.
 *
 * Candidates that are not dependencies of the extension can be installed anywhere and pointed at:
 *   mkdir /tmp/codecs && cd /tmp/codecs && npm init -y && npm i @jsquash/jpeg@1 @jsquash/resize@2 \
 *     jimp@1 @silvia-odwyer/photon-node@0 wasm-vips@0
 *   CODEC_BENCH_MODULES=/tmp/codecs/node_modules node out/scripts/bench/codecs.js
 * A candidate that cannot be found is listed as missing rather than failing the run.
 * Quality is PSNR against ImageMagick's Lanczos resize of the same photo (needs `convert`/`compare`).
 *
 * `node out/scripts/bench/codecs.js --prepare` times the shipped path instead (prepareUpload, the
 * worker pool, libvips) for the benchmark's 1600×1200 PNG and a 12-megapixel JPEG: a fresh
 * process's first job, the first job after warmUp(), and later jobs.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { type Candidate, candidates, JPEG_QUALITY, modulesDir } from './codecCandidates';
import { prepareUpload } from '../../src/imaging/prepareUpload';
import { createWorkerTranscoder, locateImagingFiles } from '../../src/imaging/workerTranscoder';
import { photoLikePng } from '../../test/integration/support/pngFixture';

const SOURCE_WIDTH = 4000;
const SOURCE_HEIGHT = 3000;
const TARGET_LONG_SIDE = 1536;
const RUNS = 3;

const repoRoot = path.resolve(__dirname, '..', '..', '..');

interface Row {
  name: string;
  kind: string;
  initMs: number;
  /** Init plus the first pass: what one job costs in a fresh worker. */
  coldMs: number;
  decodeMs: number;
  resizeMs: number;
  encodeMs: number;
  outBytes: number;
  psnr: string;
  shipBytes: number;
  shipZipped: number;
  note: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await work();
  return [value, performance.now() - start];
}

/** What the candidate adds to the VSIX: its minified bundled JavaScript plus the files it loads. */
async function shippedSize(candidate: Candidate): Promise<{ raw: number; zipped: number }> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    stdin: { contents: candidate.bundleEntry, resolveDir: modulesDir, loader: 'js' },
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'silent',
    external: ['*.wasm'],
  });
  const files = [result.outputFiles[0].contents, ...candidate.runtimeFiles().map((file) => fs.readFileSync(file))];
  return {
    raw: files.reduce((sum, bytes) => sum + bytes.byteLength, 0),
    zipped: files.reduce((sum, bytes) => sum + zlib.deflateRawSync(bytes, { level: 9 }).byteLength, 0),
  };
}

function psnr(outputFile: string, referenceFile: string): string {
  try {
    execFileSync('compare', ['-metric', 'PSNR', outputFile, referenceFile, 'null:'], { stdio: 'pipe' });
    return 'identical';
  } catch (error) {
    // compare exits 1 when images differ and prints the metric on stderr.
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim();
    const value = Number.parseFloat(stderr);
    return Number.isFinite(value) ? `${value.toFixed(2)} dB` : `n/a (${stderr.slice(0, 40)})`;
  }
}

async function benchmark(candidate: Candidate, jpeg: Uint8Array, work: string, reference: string): Promise<Row> {
  const width = TARGET_LONG_SIDE;
  const height = Math.round((SOURCE_HEIGHT * TARGET_LONG_SIDE) / SOURCE_WIDTH);
  const [, initMs] = await timed(candidate.init);
  const decodeTimes: number[] = [];
  const resizeTimes: number[] = [];
  const encodeTimes: number[] = [];
  let output: Uint8Array = new Uint8Array();
  let coldMs = initMs;
  // One warm-up pass (JIT, first allocation of wasm memory), then the measured passes.
  for (let pass = 0; pass <= RUNS; pass++) {
    const [decoded, decodeMs] = await timed(() => candidate.decode(jpeg));
    const [resized, resizeMs] = await timed(() => candidate.resize(decoded, width, height));
    const [encoded, encodeMs] = await timed(() => candidate.encode(resized));
    if (pass === 0) {
      coldMs += decodeMs + resizeMs + encodeMs;
    } else {
      decodeTimes.push(decodeMs);
      resizeTimes.push(resizeMs);
      encodeTimes.push(encodeMs);
    }
    output = encoded;
  }
  const outputFile = path.join(work, `${candidate.name.replace(/[^a-z0-9]+/gi, '-')}.jpg`);
  fs.writeFileSync(outputFile, output);
  const size = await shippedSize(candidate);
  candidate.dispose?.();
  return {
    name: candidate.name,
    kind: candidate.kind,
    initMs,
    coldMs,
    decodeMs: median(decodeTimes),
    resizeMs: median(resizeTimes),
    encodeMs: median(encodeTimes),
    outBytes: output.byteLength,
    psnr: psnr(outputFile, reference),
    shipBytes: size.raw,
    shipZipped: size.zipped,
    note: '',
  };
}

function makePhoto(work: string): { jpeg: Uint8Array } {
  const photo = path.join(work, 'photo.jpg');
  const reference = path.join(work, 'reference.png');
  // Plasma is smooth noise with fine detail: a fair stand-in for a photo, reproducible by seed.
  execFileSync('convert', ['-seed', '7', '-size', `${SOURCE_WIDTH}x${SOURCE_HEIGHT}`, 'plasma:', '-blur', '0x0.5', '-quality', '92', photo]);
  execFileSync('convert', [photo, '-filter', 'Lanczos', '-resize', `${TARGET_LONG_SIDE}x`, reference]);
  return { jpeg: new Uint8Array(fs.readFileSync(photo)) };
}

function formatRow(row: Row): string {
  const ms = (value: number) => (Number.isNaN(value) ? '–' : value.toFixed(0));
  const total = row.decodeMs + row.resizeMs + row.encodeMs;
  const kb = (value: number) => (value ? `${(value / 1024).toFixed(0)} KB` : '–');
  return `| ${row.name} | ${row.kind} | ${ms(row.initMs)} | ${ms(row.coldMs)} | ${ms(row.decodeMs)} | ${ms(row.resizeMs)} | ${ms(row.encodeMs)} | ${ms(total)} | ${kb(row.outBytes)} | ${row.psnr} | ${kb(row.shipBytes)} / ${kb(row.shipZipped)} |${row.note ? ` ${row.note}` : ''}`;
}

/** Each candidate runs in its own process, so "cold" really is a first use and none warms another. */
async function runOne(index: number, work: string): Promise<void> {
  const candidate = candidates()[index];
  const jpeg = new Uint8Array(fs.readFileSync(path.join(work, 'photo.jpg')));
  const row = await benchmark(candidate, jpeg, work, path.join(work, 'reference.png'));
  process.stdout.write(`${JSON.stringify(row)}\n`);
}


type PrepareMode = 'cold' | 'warmed' | 'warm';
const PREPARE_RUNS = 7;

/** One process, one mode: prints the times of prepareUpload through a new worker pool. */
async function prepareOne(mode: PrepareMode, file: string): Promise<void> {
  const bytes = new Uint8Array(fs.readFileSync(file));
  const transcoder = createWorkerTranscoder(locateImagingFiles(path.join(repoRoot, 'out', 'src', 'imaging')));
  if (mode === 'warmed') {
    const keepAlive = setInterval(() => undefined, 1000); // a warming worker does not keep the process alive
    await transcoder.warmUp();
    clearInterval(keepAlive);
  }
  const times: number[] = [];
  let sent = '';
  for (let run = 0; run < (mode === 'warm' ? PREPARE_RUNS + 1 : 1); run++) {
    const start = performance.now();
    const result = await prepareUpload(path.basename(file), bytes, { downscale: true, keepMetadata: false, maxUploadBytes: 50 * 2 ** 20 }, { transcoder });
    times.push(performance.now() - start);
    sent = result.ok ? `${result.upload.width}×${result.upload.height} ${result.upload.mimeType}, ${(result.upload.bytes.byteLength / 1024).toFixed(0)} KB` : result.message;
  }
  await transcoder.dispose();
  process.stdout.write(`${JSON.stringify({ times: mode === 'warm' ? times.slice(1) : times, sent })}\n`);
}

function preparePhases(work: string): void {
  const sources = [
    ['1600×1200 photo-like PNG (the benchmark’s)', path.join(work, 'bench.png')],
    [`${SOURCE_WIDTH}×${SOURCE_HEIGHT} JPEG photo`, path.join(work, 'photo.jpg')],
  ];
  fs.writeFileSync(sources[0][1], photoLikePng(1600, 1200, 1));
  const measure = (mode: PrepareMode, file: string) => {
    const output = execFileSync(process.execPath, [__filename, '--prepare-one', mode, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    return JSON.parse(String(output).trim().split('\n').pop() ?? '') as { times: number[]; sent: string };
  };
  console.log(`prepareUpload through the worker pool; Node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}. ms; cold and warmed: median of 3 fresh processes; warm: median of ${PREPARE_RUNS} jobs after the first.\n`);
  console.log('| Source | Cold (new worker, first job) | First job after warmUp() | Warm | Sent |');
  console.log('|---|---|---|---|---|');
  for (const [label, file] of sources) {
    const cold = [1, 2, 3].map(() => measure('cold', file).times[0]);
    const warmed = [1, 2, 3].map(() => measure('warmed', file).times[0]);
    const warm = measure('warm', file);
    console.log(`| ${label} | ${median(cold).toFixed(0)} | ${median(warmed).toFixed(0)} | ${median(warm.times).toFixed(0)} | ${warm.sent} |`);
  }
}

async function main(): Promise<void> {
  const prepareAt = process.argv.indexOf('--prepare-one');
  if (prepareAt >= 0) {
    await prepareOne(process.argv[prepareAt + 1] as PrepareMode, process.argv[prepareAt + 2]);
    return;
  }
  if (process.argv.includes('--prepare')) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'prepare-bench-'));
    makePhoto(work);
    preparePhases(work);
    fs.rmSync(work, { recursive: true, force: true });
    return;
  }
  const oneAt = process.argv.indexOf('--one');
  if (oneAt >= 0) {
    await runOne(Number(process.argv[oneAt + 1]), process.argv[oneAt + 2]);
    return;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'codec-bench-'));
  const { jpeg } = makePhoto(work);
  console.log(`Source: ${SOURCE_WIDTH}×${SOURCE_HEIGHT} JPEG, ${(jpeg.byteLength / 1048576).toFixed(1)} MB; target long side ${TARGET_LONG_SIDE}, JPEG quality ${JPEG_QUALITY}; warm = median of ${RUNS} after the first pass; Node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}.`);
  console.log('Times in ms, each candidate in a fresh process. Shipped = bundled minified JS + .wasm files (raw / deflated, as in a VSIX).\n');
  console.log('| Candidate | Kind | Init | Cold (init + 1st) | Decode | Resize | Encode | Warm total | Output | PSNR vs ImageMagick Lanczos | Shipped |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  const only = process.argv.slice(2);
  candidates().forEach((candidate, index) => {
    if (only.length > 0 && !only.some((word) => candidate.name.toLowerCase().includes(word.toLowerCase()))) {
      return;
    }
    try {
      const output = execFileSync(process.execPath, [__filename, '--one', String(index), work], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
      const row = JSON.parse(String(output).trim().split('\n').pop() ?? '') as Row;
      console.log(formatRow(row));
    } catch (error) {
      const stderr = String((error as { stderr?: Buffer }).stderr ?? error);
      console.log(`| ${candidate.name} | ${candidate.kind} | failed or missing: ${stderr.trim().split('\n')[0].slice(0, 120)} |`);
    }
  });
  fs.rmSync(work, { recursive: true, force: true });
}

main().then(
  () => process.exit(0), // wasm-vips keeps worker threads alive
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
