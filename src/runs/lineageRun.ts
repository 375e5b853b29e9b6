/**
 * What a Vary run starts from: a stored result of another run, sent as it is (the server made
 * it, so it is already a PNG, JPEG or WebP it takes, with no metadata of the user's), under a name
 * that says what it is. Plain code.
 */
import { variationFileName } from '../gallery/fileNames';
import type { OptionChoices } from '../options/summary';
import type { ModelId, VariationOptions } from '../options/types';
import { extensionOf, mimeTypeOf, sniffImage } from '../shared/imageFormat';
import { lineageOfVary } from './lineage';
import type { GenerationRecord, StoredResult } from './record';
import type { StartRunParams } from './runManager';

/**
 * The source name of a run from variation `n` of `parent`: the name Save would give that result,
 * "harbour-variation-2.webp". Its results then save as "harbour-variation-2-variation-1.webp",
 * the names the same two steps by hand (save, then vary the saved file) would give, and a file's
 * name alone tells which result of which run it came from. The stem stays bounded: fileNames.ts
 * cuts it at 120 characters.
 */
export function varySourceName(parent: GenerationRecord, result: Pick<StoredResult, 'index'>, extension: string): string {
  return variationFileName(parent.source.name, result.index, extension);
}

/**
 * The quick picks' starting point for a Vary run: the parent run's settings, with a new seed.
 * The source differs, but Enter twice on the same result with the parent's seed would buy the
 * same images twice; the parent's seed stays one pick away (the seed step's "Last used").
 */
export function varyChoices(parent: GenerationRecord): OptionChoices {
  return { ...parent.options, seed: 'random' };
}

export interface VaryInputs {
  parent: GenerationRecord;
  result: StoredResult;
  /** The stored result's bytes, exactly as the server sent them. */
  bytes: Uint8Array;
  /** The stored result's URI string (in global storage): the run's source is that file. */
  resultUri: string;
  model: ModelId;
  options: VariationOptions;
  apiOrigin: string;
}

/** Undefined when the stored bytes are not a whole PNG, JPEG or WebP (the file was damaged). */
export function runParamsForVary(inputs: VaryInputs): StartRunParams | undefined {
  const image = sniffImage(inputs.bytes);
  if (!image) {
    return undefined;
  }
  const name = varySourceName(inputs.parent, inputs.result, extensionOf(image.format));
  return {
    source: {
      uri: inputs.resultUri,
      name,
      format: image.format,
      width: image.width,
      height: image.height,
      bytes: inputs.bytes.byteLength,
    },
    sourceBytes: inputs.bytes,
    upload: { bytes: inputs.bytes, fileName: name, mimeType: mimeTypeOf(image.format) },
    model: inputs.model,
    options: inputs.options,
    apiOrigin: inputs.apiOrigin,
    lineage: lineageOfVary(inputs.parent, inputs.result.index),
  };
}
