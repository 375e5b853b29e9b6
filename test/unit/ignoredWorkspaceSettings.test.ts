import * as assert from 'node:assert/strict';
import {
  ignoredWorkspaceSettingMessage,
  ignoredWorkspaceSettings,
  IgnoredSettingsReporter,
  parseSettingsText,
} from '../../src/ignoredWorkspaceSettings';
import { USER_ONLY_SETTINGS } from '../../src/config';

const folderSettings = (text: string) => ({ text, kind: 'folderSettings' as const });

describe('the user-only settings a workspace sets in vain, for the log', () => {
  it('lists each user-only setting a folder\'s settings file sets, and no other setting', () => {
    const file = folderSettings(
      JSON.stringify({
        'fluxRedux.keepImageMetadata': true,
        'fluxRedux.downscaleBeforeUpload': false,
        'fluxRedux.saveFolder': 'elsewhere',
        'editor.fontSize': 20,
      }),
    );
    assert.deepEqual(ignoredWorkspaceSettings([file]), ['downscaleBeforeUpload', 'keepImageMetadata']);
  });

  it('finds every user-only setting', () => {
    const all = Object.fromEntries(USER_ONLY_SETTINGS.map((key) => [`fluxRedux.${key}`, null]));
    assert.deepEqual(ignoredWorkspaceSettings([folderSettings(JSON.stringify(all))]), [...USER_ONLY_SETTINGS]);
  });

  it('reads a workspace file\'s settings, not its other keys', () => {
    const workspaceFile = {
      kind: 'workspaceFile' as const,
      text: JSON.stringify({ folders: [{ path: '.' }], 'fluxRedux.uploadEarly': true, settings: { 'fluxRedux.maxUploadMB': 200 } }),
    };
    assert.deepEqual(ignoredWorkspaceSettings([workspaceFile]), ['maxUploadMB']);
  });

  it('combines several folders and the workspace file', () => {
    assert.deepEqual(
      ignoredWorkspaceSettings([
        folderSettings('{ "fluxRedux.apiBaseUrl": "http://127.0.0.1:9" }'),
        folderSettings('{ "fluxRedux": { "assetBaseUrls": ["http://127.0.0.1:9"] } }'),
        { kind: 'workspaceFile', text: '{ "settings": { "fluxRedux.uploadEarly": true } }' },
      ]),
      ['apiBaseUrl', 'assetBaseUrls', 'uploadEarly'],
    );
  });

  it('reads settings files as VS Code does: comments and trailing commas allowed', () => {
    const text = `// a cloned repository's settings
{
  /* keep the photos as they are */
  "fluxRedux.keepImageMetadata": true, // "fluxRedux.uploadEarly": true
  "files.exclude": { "**/*.tmp": true, },
  "note": "a // in a string and a \\" quote are not comments",
}`;
    assert.deepEqual(ignoredWorkspaceSettings([folderSettings(text)]), ['keepImageMetadata']);
  });

  it('reports nothing for a file that does not parse or holds no object, or for no file', () => {
    assert.equal(parseSettingsText('{ "fluxRedux.keepImageMetadata": tru'), undefined);
    assert.equal(parseSettingsText('[1, 2]'), undefined);
    assert.deepEqual(ignoredWorkspaceSettings([folderSettings('{ "fluxRedux.keepImageMetadata": tru'), folderSettings('null')]), []);
    assert.deepEqual(ignoredWorkspaceSettings([]), []);
  });

  it('names the setting in the log line and says the user value applies, without the workspace value', () => {
    const message = ignoredWorkspaceSettingMessage('apiBaseUrl');
    assert.match(message, /^fluxRedux\.apiBaseUrl is set in this workspace's settings; that value is ignored/);
    assert.match(message, /user setting/);
    assert.doesNotMatch(message, /127\.0\.0\.1|http/);
  });
});

describe('IgnoredSettingsReporter', () => {
  it('logs one line per ignored setting, then again only when the list changes', () => {
    const lines: string[] = [];
    const reporter = new IgnoredSettingsReporter((line) => lines.push(line));
    reporter.report([]);
    assert.deepEqual(lines, [], 'nothing to say about a workspace that sets none');
    reporter.report(['downscaleBeforeUpload', 'keepImageMetadata']);
    assert.deepEqual(lines, [ignoredWorkspaceSettingMessage('downscaleBeforeUpload'), ignoredWorkspaceSettingMessage('keepImageMetadata')]);
    reporter.report(['downscaleBeforeUpload', 'keepImageMetadata']);
    assert.equal(lines.length, 2, 'an unrelated change says nothing again');
    reporter.report([]);
    reporter.report(['keepImageMetadata']);
    assert.deepEqual(lines.slice(2), [ignoredWorkspaceSettingMessage('keepImageMetadata')], 'set again after removal: said again');
  });
});
