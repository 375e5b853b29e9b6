import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FluxReduxTestApi } from '../../src/extension';
import type { ModalQuestion } from '../../src/notifier';
import { activeExtension } from './support/extension';

/**
 * "Clear API Key" is the first Flux Redux entry in the palette, so it asks before removing the
 * key. A modal cannot be answered from the extension host: the tests answer it through the
 * extension's test API, and see exactly the question a user would have read.
 */
describe('Clear API Key in the real VS Code', () => {
  const KEY = 'a-key-only-for-clearing';
  let api: FluxReduxTestApi;
  let questions: ModalQuestion[];
  const savedEnvironmentKey = process.env.ONEMIN_AI_API_KEY;

  /** Every modal from here on is answered with `answer` (the action's words, or undefined for Cancel). */
  function answerWith(answer: (question: ModalQuestion) => string | undefined): void {
    api.answerModals((question) => {
      questions.push(question);
      return answer(question);
    });
  }

  const clear = (options?: unknown) =>
    Promise.resolve(vscode.commands.executeCommand<boolean>('fluxRedux.clearApiKey', ...(options === undefined ? [] : [options])));

  before(async () => {
    api = await activeExtension();
  });

  beforeEach(async () => {
    questions = [];
    delete process.env.ONEMIN_AI_API_KEY;
    await vscode.commands.executeCommand('fluxRedux.setApiKey', KEY);
    api.probe.notifications.length = 0;
  });

  afterEach(() => {
    api.answerModals(undefined);
    if (savedEnvironmentKey === undefined) {
      delete process.env.ONEMIN_AI_API_KEY;
    } else {
      process.env.ONEMIN_AI_API_KEY = savedEnvironmentKey;
    }
  });

  after(async () => {
    await clear({ confirm: false });
  });

  it('asks first, says new runs will ask for a key again, and declining keeps the key', async () => {
    answerWith(() => undefined);
    assert.equal(await clear(), false, 'Cancel removes nothing');
    assert.equal(questions.length, 1);
    assert.equal(questions[0].message, 'Remove your 1min.ai API key from VS Code\'s secret storage?');
    assert.equal(questions[0].detail, 'New runs will ask for a key again.');
    assert.equal(questions[0].action, 'Clear API Key');
    assert.deepEqual(api.probe.notifications.map((n) => n.level), ['warning'], 'only the question was shown');

    answerWith((question) => question.action);
    assert.equal(await clear(), true, 'the key was still there to remove');
    assert.ok(api.probe.notifications.some((n) => n.message === 'Your 1min.ai API key was removed from VS Code\'s secret storage.'));
  });

  it('says that ONEMIN_AI_API_KEY still applies when it is set', async () => {
    process.env.ONEMIN_AI_API_KEY = 'a-key-from-the-environment';
    answerWith((question) => question.action);
    assert.equal(await clear(), true);
    assert.match(questions[0]?.detail ?? '', /ONEMIN_AI_API_KEY is set and still applies: new runs will use its key/);
    assert.ok(api.probe.notifications.some((n) => /removed.*ONEMIN_AI_API_KEY still applies/.test(n.message)));
  });

  it('lets a script skip the question with { confirm: false }', async () => {
    answerWith(() => assert.fail('a script passing { confirm: false } was asked'));
    assert.equal(await clear({ confirm: false }), true);
    assert.deepEqual(questions, []);
    assert.equal(await clear({ confirm: false }), false, 'the key is gone: nothing left to remove');
  });

  it('asks nothing when no key is stored, and says so', async () => {
    await clear({ confirm: false });
    api.probe.notifications.length = 0;
    answerWith(() => assert.fail('asked although no key is stored'));
    assert.equal(await clear(), false);
    assert.deepEqual(questions, []);
    assert.ok(api.probe.notifications.some((n) => n.message === 'No 1min.ai API key is stored in VS Code\'s secret storage.'));
  });
});
