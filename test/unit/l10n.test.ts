/**
 * The plain modules translate through @vscode/l10n, which activation configures with the bundle
 * VS Code loaded for the display language (`vscode.l10n.bundle`). These tests configure a bundle
 * the same way and check the modules' words follow it, and that English stays as written.
 */
import * as assert from 'node:assert/strict';
import * as l10n from '@vscode/l10n';
import { variationFileName, firstFreeVariationName } from '../../src/gallery/fileNames';
import { actionLabel } from '../../src/runs/runActions';
import { restoreEnglish } from './l10n-helpers';

describe('l10n: the plain modules and the bundle VS Code hands them', () => {
  afterEach(restoreEnglish);

  it('speak English, filled in, when no bundle is configured', async () => {
    assert.equal(actionLabel('showLog'), 'Show Log');
    await assert.rejects(
      firstFreeVariationName('harbour.png', 1, 'png', () => Promise.resolve(true)),
      /No free file name was found for a variation of harbour\.png/,
    );
  });

  it('speak the configured bundle, with arguments filled into the translated sentence', async () => {
    const english = 'No free file name was found for a variation of {0}: the save folder already holds thousands of them. Choose another folder with Save As….';
    l10n.config({ contents: { 'Show Log': 'Protokoll anzeigen', [english]: 'Kein freier Name für {0}.' } });
    assert.equal(actionLabel('showLog'), 'Protokoll anzeigen');
    await assert.rejects(firstFreeVariationName('hafen.png', 1, 'png', () => Promise.resolve(true)), /^Error: Kein freier Name für hafen\.png\.$/);
  });

  it('keeps a message the bundle does not hold in English, and never translates what is not a message', () => {
    l10n.config({ contents: { 'Open Settings': 'Einstellungen öffnen' } });
    assert.equal(actionLabel('showLog'), 'Show Log');
    assert.equal(variationFileName('Show Log.png', 2, 'png'), 'Show Log-variation-2.png');
  });

  it('looks up a message with a translator comment by message/comment, as l10n-dev writes the bundle', () => {
    l10n.config({ contents: { 'Open/a verb': { message: 'Öffnen', comment: ['a verb'] } } });
    assert.equal(l10n.t({ message: 'Open', comment: ['a verb'] }), 'Öffnen');
    assert.equal(l10n.t('Open'), 'Open');
  });
});
