/**
 * A recipe as an XMP packet: one namespace of the project's own, one simple property per field,
 * as ExifTool, Adobe's tools and exiv2 read them. Plain: no `vscode`.
 */
import { recipeProperties } from './recipeProperties';
import type { Recipe } from './recipe';

export const RECIPE_NAMESPACE = 'https://fluxredux.dev/ns/recipe/1.0/';
export const RECIPE_PREFIX = 'fluxRedux';
export const RDF_NAMESPACE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

/** The packet as text, to be stored as UTF-8. */
export function xmpPacket(recipe: Recipe): string {
  const properties = recipeProperties(recipe)
    .map(([name, value]) => `   <${RECIPE_PREFIX}:${name}>${escapeXml(value)}</${RECIPE_PREFIX}:${name}>`)
    .join('\n');
  return [
    // The BOM in `begin` is the packet's own marker, as the XMP specification writes it.
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    ` <rdf:RDF xmlns:rdf="${RDF_NAMESPACE}">`,
    `  <rdf:Description rdf:about="" xmlns:${RECIPE_PREFIX}="${RECIPE_NAMESPACE}">`,
    properties,
    '  </rdf:Description>',
    ' </rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n');
}

export function xmpPacketBytes(recipe: Recipe): Uint8Array {
  return new TextEncoder().encode(xmpPacket(recipe));
}

/**
 * Text content as XML 1.0 allows it: the markup characters as entities, and the few characters
 * XML cannot hold at all (most control characters, lone surrogates) as U+FFFD.
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
