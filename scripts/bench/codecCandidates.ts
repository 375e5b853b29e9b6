/**
 * The candidates of the codec comparison (codecs.ts): how each one decodes, resizes and encodes a
 * JPEG, loaded from CODEC_BENCH_MODULES (or the project's node_modules) when the comparison runs.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type VipsModule from 'wasm-vips';
import type { Vips } from '../../src/imaging/loadVips';

export const JPEG_QUALITY = 88;

const repoRoot = path.resolve(__dirname, '..', '..', '..');
/** Where the candidates are installed; the bundle-size measurement resolves from here too. */
export const modulesDir = process.env.CODEC_BENCH_MODULES ?? path.join(repoRoot, 'node_modules');
const resolveFrom = createRequire(path.join(modulesDir, '..', 'resolver.js'));

// TypeScript compiles import() to require() under CommonJS; ESM-only codecs need a real import().
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a fixed source text, not data: the one way to keep a real import() in CommonJS output
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

/** A candidate's module namespace; each caller states the shape it uses (see the module types below). */
async function load(specifier: string): Promise<unknown> {
  return importModule(pathToFileURL(resolveFrom.resolve(specifier)).href);
}

// The parts of each candidate's module this script calls. The candidates other than wasm-vips are
// not dependencies of the project, so their own type declarations are not at hand.
interface JsquashModule<Default> {
  default: Default;
}
interface JsquashDecodeModule extends JsquashModule<(jpeg: ArrayBufferLike) => Promise<unknown>> {
  init(module: unknown): Promise<unknown>;
}
interface JsquashEncodeModule extends JsquashModule<(image: unknown, options: Record<string, unknown>) => Promise<ArrayBuffer>> {
  init(module: unknown): Promise<unknown>;
}
interface JsquashResizeModule extends JsquashModule<(image: unknown, options: Record<string, unknown>) => Promise<unknown>> {
  initResize(module: unknown): Promise<unknown>;
}

interface JimpImage {
  resize(options: { w: number; h: number; mode: unknown }): JimpImage;
  getBuffer(mimeType: 'image/jpeg', options: { quality: number }): Promise<Uint8Array>;
}
interface JimpModule {
  Jimp: { read(bytes: Buffer): Promise<JimpImage> };
  ResizeStrategy: { BICUBIC: unknown };
}

interface PhotonImage {
  get_bytes_jpeg(quality: number): Uint8Array;
  free(): void;
}
interface PhotonModule {
  PhotonImage: { new_from_byteslice(bytes: Uint8Array): PhotonImage };
  resize(image: PhotonImage, width: number, height: number, filter: unknown): PhotonImage;
  SamplingFilter: { Lanczos3: unknown };
}

type VipsImage = InstanceType<Vips['Image']>;

/** One candidate's pipeline, split so each stage can be timed on its own. */
export interface Candidate {
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
  let decodeJpeg: JsquashDecodeModule['default'];
  let encodeJpeg: JsquashEncodeModule['default'];
  let resize: JsquashResizeModule['default'];
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
      const decodeModule = (await load('@jsquash/jpeg/decode.js')) as JsquashDecodeModule;
      const encodeModule = (await load('@jsquash/jpeg/encode.js')) as JsquashEncodeModule;
      const resizeModule = (await load('@jsquash/resize')) as JsquashResizeModule;
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
  let Jimp: JimpModule['Jimp'];
  let ResizeStrategy: JimpModule['ResizeStrategy'];
  return {
    name: 'Jimp 1 (jpeg-js, pure JS)',
    kind: 'JavaScript',
    runtimeFiles: () => [],
    bundleEntry: `import { Jimp } from 'jimp'; console.log(Jimp);`,
    async init() {
      const module = (await load('jimp')) as JimpModule;
      Jimp = module.Jimp;
      ResizeStrategy = module.ResizeStrategy;
    },
    decode: async (jpeg) => Jimp.read(Buffer.from(jpeg)),
    resize: async (decoded, width, height) => (decoded as JimpImage).resize({ w: width, h: height, mode: ResizeStrategy.BICUBIC }),
    encode: async (resized) => new Uint8Array(await (resized as JimpImage).getBuffer('image/jpeg', { quality: JPEG_QUALITY })),
  };
}

function photon(): Candidate {
  let photonModule: PhotonModule;
  return {
    name: 'Photon (@silvia-odwyer/photon-node)',
    kind: 'WebAssembly',
    runtimeFiles: () => [packageFile('@silvia-odwyer/photon-node/photon_rs_bg.wasm')],
    bundleEntry: `import * as p from '@silvia-odwyer/photon-node'; console.log(p);`,
    async init() {
      photonModule = (await load('@silvia-odwyer/photon-node')) as PhotonModule;
    },
    decode: async (jpeg) => photonModule.PhotonImage.new_from_byteslice(jpeg),
    resize: async (decoded, width, height) => {
      const image = decoded as PhotonImage;
      const resized = photonModule.resize(image, width, height, photonModule.SamplingFilter.Lanczos3);
      image.free();
      return resized;
    },
    encode: async (resized) => {
      const image = resized as PhotonImage;
      const bytes = image.get_bytes_jpeg(JPEG_QUALITY);
      image.free();
      return bytes;
    },
  };
}

/**
 * `shrinkOnLoad` is what src/imaging does: the JPEG decoder scales by 1/2 while decoding (libvips'
 * own thumbnail would not here: it keeps a factor of two for its resize), Lanczos does the rest.
 */
function wasmVips(shrinkOnLoad = false): Candidate {
  let vips: Vips | undefined;
  return {
    name: shrinkOnLoad ? 'wasm-vips, decoded at 1/2 (as shipped)' : 'wasm-vips (libvips)',
    kind: 'WebAssembly',
    runtimeFiles: () => {
      const lib = path.dirname(packageFile('wasm-vips'));
      return ['vips.wasm', 'vips-node.js'].map((file) => path.join(lib, file));
    },
    bundleEntry: `const v = require('wasm-vips'); console.log(v);`,
    async init() {
      const factory = ((await load('wasm-vips')) as { default: typeof VipsModule }).default;
      vips = await factory({ dynamicLibraries: [] }); // JPEG, PNG, WebP, GIF, TIFF are built in
    },
    decode: async (jpeg) => {
      if (!vips) {
        throw new Error('wasm-vips is not loaded: init() first');
      }
      if (shrinkOnLoad) {
        return vips.Image.jpegloadBuffer(jpeg, { access: 'sequential', shrink: 2 }).copyMemory();
      }
      const image = vips.Image.newFromBuffer(jpeg, '', { access: 'sequential' });
      return image.copyMemory(); // force the decode here so the stages time separately
    },
    resize: async (decoded, width) => {
      const image = decoded as VipsImage;
      return image.resize(width / image.width, { kernel: 'lanczos3' }).copyMemory();
    },
    encode: async (resized) => (resized as VipsImage).writeToBuffer('.jpg', { Q: JPEG_QUALITY, keep: 0 }),
    dispose: () => vips?.shutdown?.(),
  };
}

export function candidates(): Candidate[] {
  return [jsquash(), jsquash(true), photon(), wasmVips(), wasmVips(true), jimp()];
}
