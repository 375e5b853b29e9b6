/**
 * What a metadata stripper found. "Could not parse" is kept apart from "nothing to remove": a file
 * whose structure a stripper cannot follow may hold metadata it did not see, so it must never be
 * sent as it is (prepareUpload re-encodes it without metadata instead).
 */
export type StripResult =
  /** `removed` names what went (for the log): "Exif", "XMP", "tEXt"… */
  | { kind: 'stripped'; bytes: Uint8Array; removed: readonly string[] }
  /** The very same bytes that were given. */
  | { kind: 'nothing-to-remove'; bytes: Uint8Array }
  /** `reason` says where the structure broke (for the log; English, not shown to users). */
  | { kind: 'unparsable'; reason: string };

/** The stripped bytes, or the original ones when nothing was found to remove. */
export function stripResult(original: Uint8Array, removed: ReadonlySet<string>, build: () => Uint8Array): StripResult {
  return removed.size === 0 ? { kind: 'nothing-to-remove', bytes: original } : { kind: 'stripped', bytes: build(), removed: [...removed] };
}

export function unparsable(reason: string): StripResult {
  return { kind: 'unparsable', reason };
}

/** Bytes that are ASCII letters, digits or spaces, as in a chunk name; anything else is shown as hex. */
export function describeName(name: string): string {
  return /^[\x20-\x7e]*$/.test(name) ? `"${name}"` : `0x${Buffer.from(name, 'latin1').toString('hex')}`;
}
