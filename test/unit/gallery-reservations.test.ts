import * as assert from 'node:assert/strict';
import { renderReservedHtml } from '../../src/gallery/html';
import { GalleryReservations, type ReservablePanel } from '../../src/gallery/reservations';

class FakePanel implements ReservablePanel {
  disposed = false;
  private readonly listeners = new Set<() => void>();

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    for (const listener of [...this.listeners]) {
      listener();
    }
  }

  onDidDispose(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}

const SOURCE = 'file:///work/harbour-sunset.jpg';

describe('Galleries opened ahead of their run', () => {
  it('hands the reserved panel to the run, and release() then leaves it open', () => {
    const reservations = new GalleryReservations<FakePanel>();
    const panel = new FakePanel();
    const reservation = reservations.reserve(SOURCE, () => panel);
    assert.equal(reservations.take(SOURCE), panel);
    reservation.release();
    assert.equal(panel.disposed, false);
    assert.equal(reservations.size, 0);
    assert.equal(panel.listenerCount, 0, 'the taken panel is no longer watched');
  });

  it('closes a panel nobody took (Escape, a refused file) when released', () => {
    const reservations = new GalleryReservations<FakePanel>();
    const panel = new FakePanel();
    reservations.reserve(SOURCE, () => panel).release();
    assert.equal(panel.disposed, true);
    assert.equal(reservations.take(SOURCE), undefined);
    assert.equal(reservations.size, 0);
  });

  it('forgets a panel the user closed while choosing, so the run opens its gallery as usual', () => {
    const reservations = new GalleryReservations<FakePanel>();
    const panel = new FakePanel();
    const reservation = reservations.reserve(SOURCE, () => panel);
    panel.dispose();
    assert.equal(reservations.take(SOURCE), undefined);
    reservation.release();
    assert.equal(reservations.size, 0);
  });

  it('opens one panel per source, gives it to one run only, and keeps other sources apart', () => {
    const reservations = new GalleryReservations<FakePanel>();
    let opened = 0;
    const open = () => {
      opened++;
      return new FakePanel();
    };
    const first = reservations.reserve(SOURCE, open);
    const second = reservations.reserve(SOURCE, open);
    const other = reservations.reserve('file:///work/other.png', open);
    assert.equal(opened, 2);
    const taken = reservations.take(SOURCE);
    assert.ok(taken);
    assert.equal(reservations.take(SOURCE), undefined);
    first.release();
    second.release();
    assert.equal(taken.disposed, false);
    other.release();
    assert.equal(reservations.size, 0);
  });

  it('closes what is still waiting when disposed', () => {
    const reservations = new GalleryReservations<FakePanel>();
    const panel = new FakePanel();
    reservations.reserve(SOURCE, () => panel);
    reservations.dispose();
    assert.equal(panel.disposed, true);
    assert.equal(reservations.size, 0);
  });

  it('shows the source name in a page that runs no script and loads only the stylesheet', () => {
    const html = renderReservedHtml({
      cspSource: 'https://webview.test',
      styleUri: 'https://webview.test/media/build/gallery.css',
      sourceName: '<img src=x onerror=alert(1)>.png',
    });
    assert.match(html, /content="default-src 'none'; style-src https:\/\/webview.test;"/);
    assert.doesNotMatch(html, /<script/);
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;\.png/);
  });
});
