import { mimeTypeOf } from '../shared/imageFormat';
import type { GalleryView, HostMessage } from '../shared/protocol';

type HeldImageMessage = Extract<HostMessage, { type: 'heldImage' }>;

/**
 * Results global storage refused live only in the host's memory, so no webview URI can name
 * them: the host sends their bytes once per document and they are shown from blob: URLs made
 * here. Views keep no blob URL (they are saved as the webview's state, and a blob URL dies with
 * its document); each view gets them filled in just before it is rendered.
 */
export class HeldImages {
  private readonly urls = new Map<string, string>();

  constructor(private readonly urlApi: Pick<typeof URL, 'createObjectURL' | 'revokeObjectURL'> = URL) {}

  add(message: HeldImageMessage): void {
    const previous = this.urls.get(message.resultId);
    const blob = new Blob([message.bytes as Uint8Array<ArrayBuffer>], { type: mimeTypeOf(message.format) });
    this.urls.set(message.resultId, this.urlApi.createObjectURL(blob));
    if (previous) {
      this.urlApi.revokeObjectURL(previous);
    }
  }

  /** The view with each not-stored result's src set to its blob URL, once its bytes are here. */
  withSources(view: GalleryView): GalleryView {
    if (!view.results.some((result) => result.notStored && this.urls.has(result.id))) {
      return view;
    }
    return {
      ...view,
      results: view.results.map((result) => {
        const url = result.notStored ? this.urls.get(result.id) : undefined;
        return url ? { ...result, src: url } : result;
      }),
    };
  }
}
