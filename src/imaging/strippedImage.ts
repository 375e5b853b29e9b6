/** What a metadata stripper returns: the same bytes when nothing was removed. */
export interface StrippedImage {
  bytes: Uint8Array;
  removed: boolean;
}
