import * as assert from 'node:assert/strict';
import { asksFirst, clearApiKeyMessage, clearApiKeyQuestion } from '../../src/commands/clearApiKeyWords';
import { isMarked, markingBundle, useMarkingBundle } from './l10n-helpers';

describe('Clear API Key: the question and what is said', () => {
  it('asks unless a script passes { confirm: false }', () => {
    assert.equal(asksFirst(undefined), true, 'the palette passes nothing');
    assert.equal(asksFirst({}), true);
    assert.equal(asksFirst({ confirm: true }), true);
    assert.equal(asksFirst({ confirm: 'false' }), true, 'only the boolean false skips the question');
    assert.equal(asksFirst(null), true);
    assert.equal(asksFirst(false), true);
    assert.equal(asksFirst({ confirm: false }), false);
  });

  it('says that new runs will ask for a key again', () => {
    const question = clearApiKeyQuestion(false);
    assert.equal(question.message, 'Remove your 1min.ai API key from VS Code\'s secret storage?');
    assert.equal(question.detail, 'New runs will ask for a key again.');
    assert.equal(question.action, 'Clear API Key');
  });

  it('says that ONEMIN_AI_API_KEY still applies when it is set, and new runs use it', () => {
    const question = clearApiKeyQuestion(true);
    assert.match(question.detail, /ONEMIN_AI_API_KEY is set and still applies/);
    assert.doesNotMatch(question.detail, /ask for a key/);
  });

  it('tells what happened, the environment variable included', () => {
    assert.equal(clearApiKeyMessage('removed', false), 'Your 1min.ai API key was removed from VS Code\'s secret storage.');
    assert.match(clearApiKeyMessage('removed', true), /removed.*ONEMIN_AI_API_KEY still applies/);
    assert.equal(clearApiKeyMessage('nothingStored', false), 'No 1min.ai API key is stored in VS Code\'s secret storage.');
    assert.match(clearApiKeyMessage('nothingStored', true), /No 1min\.ai API key is stored.*ONEMIN_AI_API_KEY/);
  });

  describe('through the translator', () => {
    useMarkingBundle();

    it('translates every word shown, with the variable name passed in, not written into the sentence', () => {
      for (const environmentKeySet of [false, true]) {
        const question = clearApiKeyQuestion(environmentKeySet);
        for (const text of [question.message, question.detail, question.action]) {
          assert.ok(isMarked(text), text);
        }
        for (const outcome of ['removed', 'nothingStored'] as const) {
          assert.ok(isMarked(clearApiKeyMessage(outcome, environmentKeySet)));
        }
      }
      const templates = Object.keys(markingBundle());
      assert.ok(templates.some((template) => template.includes('The environment variable {0}')), 'the sentence naming the variable is in the bundle');
      assert.ok(templates.every((template) => !template.includes('ONEMIN_AI_API_KEY')), 'the variable name is passed in, not written into a sentence');
    });
  });
});
