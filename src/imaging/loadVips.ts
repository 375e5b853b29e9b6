import { createRequire } from 'node:module';
import * as path from 'node:path';
import type VipsModule from 'wasm-vips';

export type Vips = NonNullable<Awaited<ReturnType<typeof VipsModule>>>;

/** The AVIF/HEIF loader is a 3.8 MB side module: loaded only for the files that need it. */
export const HEIF_SIDE_MODULE = 'vips-heif.wasm';

/**
 * Loads libvips from `vipsDir` (dist/vips in the VSIX, node_modules/wasm-vips/lib in tests).
 * The glue is required by path at run time, never bundled: it finds its .wasm files and starts
 * its own pthread workers from its own file name, so it must sit next to them.
 */
export async function loadVips(vipsDir: string, withHeif: boolean): Promise<Vips> {
  const requireAtRunTime = createRequire(__filename);
  const factory = requireAtRunTime(path.join(vipsDir, 'vips-node.js')) as typeof VipsModule;
  const vips = await factory({
    dynamicLibraries: withHeif ? [HEIF_SIDE_MODULE] : [],
    // libvips' warnings (e.g. about odd metadata) are not for the user; failures come back as exceptions.
    print: () => undefined,
    printErr: () => undefined,
    preRun: [(module: { ENV: Record<string, string> }) => {
      module.ENV.VIPS_WARNING = '0'; // glib writes warnings straight to stderr otherwise
    }],
  });
  return vips;
}
