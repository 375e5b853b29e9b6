import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type Emulator } from '../emulator';
import type { FluxReduxTestApi } from '../../src/extension';
import type { GenerationRecord } from '../../src/runs/record';
import { connectToEmulator, disconnectFromEmulator, writeWorkspaceFile } from './support/extension';
import { gradientPng } from './support/pngFixture';

interface ScriptResult {
  generationId: string;
}

/**
 * The usual duration as the extension wires it: learnt from this window's runs as they end,
 * asked when a run generates, per settings (src/runs/estimates.ts has the rules' unit tests).
 */
describe('Time estimates from the user\'s own runs, in the real VS Code', function () {
  let emulator: Emulator;
  let api: FluxReduxTestApi;
  let source: vscode.Uri;

  before(async () => {
    ({ emulator, api } = await connectToEmulator());
    source = await writeWorkspaceFile('estimates/buoy.png', gradientPng(96, 64));
  });

  after(async () => {
    await disconnectFromEmulator(emulator);
  });

  /** Runs the script command; returns the estimate the gallery was given while it generated. */
  async function run(steps: number): Promise<{ asked: boolean; typical: number | undefined }> {
    const seen = { asked: false, typical: undefined as number | undefined };
    const listening = api.runs.onDidChange((record: GenerationRecord) => {
      if (record.phase === 'generating' && !seen.asked) {
        seen.asked = true;
        seen.typical = api.galleries.typicalSeconds(record);
      }
    });
    try {
      await vscode.commands.executeCommand<ScriptResult>('fluxRedux.createVariations', source, { num_outputs: 1, num_inference_steps: steps, format: 'png' });
    } finally {
      listening.dispose();
    }
    return seen;
  }

  it('has no number until three alike runs ended, then one; other settings have none', async () => {
    const steps = 17;
    for (let i = 0; i < 3; i++) {
      const first = await run(steps);
      assert.ok(first.asked, 'the run reached generating');
      assert.equal(first.typical, undefined, `run ${i + 1}: fewer than three alike runs before it`);
    }
    const fourth = await run(steps);
    assert.ok(fourth.typical !== undefined && fourth.typical > 0 && fourth.typical < 60, `an estimate from the three: ${fourth.typical}`);
    const otherSteps = await run(steps + 1);
    assert.equal(otherSteps.typical, undefined, 'other steps: not alike');
  });
});
