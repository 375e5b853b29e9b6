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
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as zlib from 'node:zlib';
import { prepareUpload } from '../../src/imaging/prepareUpload';
import { createWorkerTranscoder, locateImagingFiles } from '../../src/imaging/workerTranscoder';
import { photoLikePng } from '../../test/integration/support/pngFixture';

const SOURCE_WIDTH = 4000;
const SOURCE_HEIGHT = 3000;
const TARGET_LONG_SIDE = 1536;
const JPEG_QUALITY = 88;
const RUNS = 3;

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const modulesDir = process.env.CODEC_BENCH_MODULES ?? path.join(repoRoot, 'node_modules');
const resolveFrom = createRequire(path.join(modulesDir, '..', 'resolver.js'));

// TypeScript compiles import() to require() under CommonJS; ESM-only codecs need a real import().
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<any>;

async function load(specifier: string): Promise<any> {
  return importModule(pathToFileURL(resolveFrom.resolve(specifier)).href);
}

interface Pixels {
  data: Uint8Array;
  width: number;
  height: number;
}

/** One candidate's pipeline, split so each stage can be timed on its own. */
interface Candidate {
  name: string;
  kind: 'WebAssembly' | 'JavaScript';
  /** Files the extension would ship for this candidate (bundled JS is measured separately). */
  runtimeFiles: () => string[];
  /** The import an extension bundle would contain, for measuring the bundled JavaScript. */
  bundleEntry: string;
  init: () => Promise<void>;
  decode: (jpeg: Uint8Array) => Promise<unknown>;
  resize: (decoded: unknown, width: number, height: number) => Promise<unknown>;
  encode: (resized: unknown) => Promise<Uint8Array>;
  dispose?: () => void;
}

function packageFile(specifier: string): string {
  return resolveFrom.resolve(specifier);
}

// Node's own WebAssembly global, reached without the DOM lib's types (this project compiles without them).
const wasm = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => unknown } }).WebAssembly;

function wasmModule(file: string): unknown {
  return new wasm.Module(fs.readFileSync(file));
}

/** mozjpeg's defaults (progressive, trellis quantisation) trade encode time for bytes; `fast` turns that off. */
function jsquash(fast = false): Candidate {
  let decodeJpeg: any;
  let encodeJpeg: any;
  let resize: any;
  return {
    name: fast ? 'Squoosh codecs, fast encode (baseline, no trellis)' : 'Squoosh codecs (@jsquash/jpeg + resize)',
    kind: 'WebAssembly',
    runtimeFiles: () => [
      packageFile('@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm'),
      packageFile('@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm'),
      packageFile('@jsquash/resize/lib/resize/pkg/squoosh_resize_bg.wasm'),
    ],
    bundleEntry: `import d from '@jsquash/jpeg/decode.js'; import e from '@jsquash/jpeg/encode.js'; import r from '@jsquash/resize'; console.log(d, e, r);`,
    async init() {
      const decodeModule = await load('@jsquash/jpeg/decode.js');
      const encodeModule = await load('@jsquash/jpeg/encode.js');
      const resizeModule = await load('@jsquash/resize');
      const resizeWasm = await load('@jsquash/resize/lib/resize/pkg/squoosh_resize.js');
      await decodeModule.init(wasmModule(packageFile('@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm')));
      await encodeModule.init(wasmModule(packageFile('@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm')));
      await resizeModule.initResize(wasmModule(packageFile('@jsquash/resize/lib/resize/pkg/squoosh_resize_bg.wasm')));
      void resizeWasm;
      decodeJpeg = decodeModule.default;
      encodeJpeg = encodeModule.default;
      resize = resizeModule.default;
    },
    decode: async (jpeg) => decodeJpeg(jpeg.buffer.slice(jpeg.byteOffset, jpeg.byteOffset + jpeg.byteLength)),
    resize: async (decoded, width, height) => resize(decoded, { width, height, method: 'lanczos3', premultiply: false, linearRGB: false }),
    encode: async (resized) => {
      const speed = fast ? { baseline: true, progressive: false, optimize_coding: false, trellis_multipass: false, trellis_opt_zero: false, trellis_opt_table: false } : {};
      return new Uint8Array(await encodeJpeg(resized, { quality: JPEG_QUALITY, ...speed }));
    },
  };
}

function jimp(): Candidate {
  let Jimp: any;
  let ResizeStrategy: any;
  return {
    name: 'Jimp 1 (jpeg-js, pure JS)',
    kind: 'JavaScript',
    runtimeFiles: () => [],
    bundleEntry: `import { Jimp } from 'jimp'; console.log(Jimp);`,
    async init() {
      const module = await load('jimp');
      Jimp = module.Jimp;
      ResizeStrategy = module.ResizeStrategy;
    },
    decode: async (jpeg) => Jimp.read(Buffer.from(jpeg)),
    resize: async (decoded: any, width, height) => decoded.resize({ w: width, h: height, mode: ResizeStrategy.BICUBIC }),
    encode: async (resized: any) => new Uint8Array(await resized.getBuffer('image/jpeg', { quality: JPEG_QUALITY })),
  };
}

function photon(): Candidate {
  let photonModule: any;
  return {
    name: 'Photon (@silvia-odwyer/photon-node)',
    kind: 'WebAssembly',
    runtimeFiles: () => [packageFile('@silvia-odwyer/photon-node/photon_rs_bg.wasm')],
    bundleEntry: `import * as p from '@silvia-odwyer/photon-node'; console.log(p);`,
    async init() {
      photonModule = await load('@silvia-odwyer/photon-node');
    },
    decode: async (jpeg) => photonModule.PhotonImage.new_from_byteslice(jpeg),
    resize: async (decoded: any, width, height) => {
      const resized = photonModule.resize(decoded, width, height, photonModule.SamplingFilter.Lanczos3);
      decoded.free();
      return resized;
    },
    encode: async (resized: any) => {
      const bytes = resized.get_bytes_jpeg(JPEG_QUALITY);
      resized.free();
      return bytes;
    },
  };
}

/**
 * `shrinkOnLoad` is what src/imaging does: the JPEG decoder scales by 1/2 while decoding (libvips'
 * own thumbnail would not here: it keeps a factor of two for its resize), Lanczos does the rest.
 */
function wasmVips(shrinkOnLoad = false): Candidate {
  let vips: any;
  return {
    name: shrinkOnLoad ? 'wasm-vips, decoded at 1/2 (as shipped)' : 'wasm-vips (libvips)',
    kind: 'WebAssembly',
    runtimeFiles: () => {
      const lib = path.dirname(packageFile('wasm-vips'));
      return ['vips.wasm', 'vips-node.js'].map((file) => path.join(lib, file));
    },
    bundleEntry: `const v = require('wasm-vips'); console.log(v);`,
    async init() {
      const factory = (await load('wasm-vips')).default;
      vips = await factory({ dynamicLibraries: [] }); // JPEG, PNG, WebP, GIF, TIFF are built in
    },
    decode: async (jpeg) => {
      if (shrinkOnLoad) {
        return vips.Image.jpegloadBuffer(jpeg, { access: 'sequential', shrink: 2 }).copyMemory();
      }
      const image = vips.Image.newFromBuffer(jpeg, '', { access: 'sequential' });
      return image.copyMemory(); // force the decode here so the stages time separately
    },
    resize: async (decoded: any, width) => decoded.resize(width / decoded.width, { kernel: 'lanczos3' }).copyMemory(),
    encode: async (resized: any) => resized.writeToBuffer('.jpg', { Q: JPEG_QUALITY, keep: 0 }),
    dispose: () => vips?.shutdown?.(),
  };
}

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
  const esbuild = require('esbuild') as typeof import('esbuild');
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

function candidates(): Candidate[] {
  return [jsquash(), jsquash(true), photon(), wasmVips(), wasmVips(true), jimp()];
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
