/**
 * The recipe a file carries, read from its own bytes (before preparation strips metadata): at
 * most 64 KB of XMP, no DTD or entities, every field checked. A file without the recipe namespace
 * has none; a file with a bad one says why, so the caller can log it and go on. Plain: no `vscode`.
 */
import * as l10n from '@vscode/l10n';
import { assertNever } from '../shared/guards';
import { containerOf, findXmp } from './embed';
import type { Recipe } from './recipe';
import { recipeFromProperties } from './recipeProperties';
import { MAX_XMP_BYTES } from './xmpLimits';
import { recipePropertiesOf } from './xmpProperties';
import { RECIPE_NAMESPACE } from './xmpPacket';

export type RecipeInFile = { kind: 'recipe'; recipe: Recipe } | { kind: 'none' } | { kind: 'invalid'; reason: string };

export function readRecipe(bytes: Uint8Array): RecipeInFile {
  const found = findXmp(bytes);
  switch (found.kind) {
    case 'none':
      return { kind: 'none' };
    case 'too-large':
      return { kind: 'invalid', reason: l10n.t('its XMP is larger than {0} KB', MAX_XMP_BYTES / 1024) };
    case 'invalid':
      return { kind: 'invalid', reason: found.reason };
    case 'found':
      return recipeInPacket(found.packet);
    default:
      return assertNever(found);
  }
}

export function recipeInPacket(packet: Uint8Array): RecipeInFile {
  if (packet.length > MAX_XMP_BYTES) {
    return { kind: 'invalid', reason: l10n.t('its XMP is larger than {0} KB', MAX_XMP_BYTES / 1024) };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(packet);
  } catch {
    return { kind: 'invalid', reason: l10n.t('its XMP is not UTF-8') };
  }
  if (!text.includes(RECIPE_NAMESPACE)) {
    return { kind: 'none' }; // XMP from another program, without a recipe
  }
  const scanned = recipePropertiesOf(text);
  if (!scanned.ok) {
    return { kind: 'invalid', reason: scanned.reason };
  }
  const reading = recipeFromProperties(scanned.properties);
  return reading.ok ? { kind: 'recipe', recipe: reading.recipe } : { kind: 'invalid', reason: reading.reason };
}

/**
 * The recipe of a chosen source image, from the bytes as read (preparation strips metadata, so
 * this comes first). Formats that cannot carry one (BMP, GIF…) simply have none.
 */
export function readSourceRecipe(bytes: Uint8Array): RecipeInFile {
  return containerOf(bytes) ? readRecipe(bytes) : { kind: 'none' };
}
