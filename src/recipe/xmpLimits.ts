/** What the readers of XMP in a container find, and how much of it they take. Plain. */

/** A recipe is a few hundred bytes; anything beyond this is not one and is not parsed. */
export const MAX_XMP_BYTES = 64 * 1024;

export type FoundXmp =
  | { kind: 'none' }
  | { kind: 'found'; packet: Uint8Array }
  | { kind: 'too-large' }
  | { kind: 'invalid'; reason: string };
