import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WalkthroughContextKeys } from '../../src/constants';

interface WalkthroughStep {
  id: string;
  completionEvents?: string[];
}

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  contributes: { walkthroughs: { steps: WalkthroughStep[] }[] };
};
const steps = manifest.contributes.walkthroughs.flatMap((walkthrough) => walkthrough.steps);

describe('The walkthrough’s steps in package.json', () => {
  it('tick on the context keys the extension sets when the thing happens, never on being selected', () => {
    const expected: Record<string, string> = {
      setApiKey: WalkthroughContextKeys.apiKeySet,
      createVariations: WalkthroughContextKeys.runStarted,
      results: WalkthroughContextKeys.galleryShown,
      privacy: WalkthroughContextKeys.logShown,
    };
    assert.deepEqual(steps.map((step) => step.id), Object.keys(expected));
    for (const step of steps) {
      const events = step.completionEvents ?? [];
      // With no events at all, VS Code ticks a step when its links are clicked or it is selected.
      assert.ok(events.length > 0, `${step.id} has completion events`);
      assert.ok(events.includes(`onContext:${expected[step.id]}`), `${step.id} ticks on ${expected[step.id]}`);
      for (const event of events) {
        assert.doesNotMatch(event, /^(onStepSelected|stepSelected|onCommand:)/, `${step.id}: ${event}`);
      }
    }
  });
});
