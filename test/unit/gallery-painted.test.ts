import * as assert from 'node:assert/strict';
import type { WebviewMessage } from '../../src/shared/protocol';
import { PaintedTracker, type DecodableImage } from '../../src/webview/painted';

/** An <img> whose decode() the test counts and settles by hand. */
class FakeImage implements DecodableImage {
  isConnected = true;
  decodes = 0;
  private settle: (() => void)[] = [];

  constructor(private src: string) {}

  getAttribute(name: string): string | null {
    return name === 'src' ? this.src : null;
  }

  decode(): Promise<void> {
    this.decodes++;
    return new Promise((resolve) => this.settle.push(resolve));
  }

  async decoded(): Promise<void> {
    this.settle.splice(0).forEach((resolve) => resolve());
    // Let the tracker's then() run.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function tracker(): { tracker: PaintedTracker; posted: WebviewMessage[] } {
  const posted: WebviewMessage[] = [];
  return { tracker: new PaintedTracker((m) => posted.push(m), () => 42), posted };
}

describe('gallery: painted reports', () => {
  it('decodes nothing and posts nothing until the host asks (the product never does)', async () => {
    const { tracker: painted, posted } = tracker();
    const image = new FakeImage('https://x/1.webp');
    painted.imageSet('res-1', image);
    painted.setReady(new Map([['res-1', 'https://x/1.webp']]));
    await image.decoded();
    assert.equal(image.decodes, 0);
    assert.deepEqual(posted, []);
  });

  it('once started, reports images shown before (a restored panel) and after', async () => {
    const { tracker: painted, posted } = tracker();
    const before = new FakeImage('https://x/1.webp');
    painted.imageSet('res-1', before);
    painted.start();
    assert.equal(before.decodes, 1);
    await before.decoded();
    assert.deepEqual(posted, [{ type: 'painted', resultIds: ['res-1'], at: 42 }]);

    const after = new FakeImage('https://x/2.webp');
    painted.imageSet('res-2', after);
    await after.decoded();
    assert.deepEqual(posted.at(-1), { type: 'painted', resultIds: ['res-1', 'res-2'], at: 42 });
  });

  it('starting twice does not decode the same image twice', () => {
    const { tracker: painted } = tracker();
    const image = new FakeImage('https://x/1.webp');
    painted.imageSet('res-1', image);
    painted.start();
    painted.start();
    assert.equal(image.decodes, 1);
  });

  it('does not count an image that left the view before it decoded', async () => {
    const { tracker: painted, posted } = tracker();
    painted.start();
    const image = new FakeImage('https://x/1.webp');
    painted.imageSet('res-1', image);
    painted.setReady(new Map());
    await image.decoded();
    assert.deepEqual(posted, []);
  });
});
