/**
 * The part of `paintTrace` that runs inside the extension host: gallery after gallery, each
 * from the script command, logging a marker the driver answers by reading the webview frames.
 */
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { FluxReduxTestApi } from '../../src/extension';
import type { FirstPaintReport } from '../../src/probe';

interface TraceConfig {
  apiBaseUrl: string;
  assetBaseUrls: string[];
  apiKey: string;
  sourceFile: string;
  runs: number;
  outFile: string;
}

export interface TracedRun {
  index: number;
  startedAt: number;
  generationId: string;
  firstPaint?: FirstPaintReport;
}

export async function run(): Promise<void> {
  const config = JSON.parse(process.env.FLUX_TRACE_CONFIG ?? '{}') as TraceConfig;
  const runs: TracedRun[] = [];
  let error: string | undefined;
  try {
    const settings = vscode.workspace.getConfiguration();
    await settings.update('fluxRedux.apiBaseUrl', config.apiBaseUrl, vscode.ConfigurationTarget.Global);
    await settings.update('fluxRedux.assetBaseUrls', config.assetBaseUrls, vscode.ConfigurationTarget.Global);
    const api = await vscode.extensions.getExtension<FluxReduxTestApi>('fluxredux.flux-redux-variations')!.activate();
    await vscode.commands.executeCommand('fluxRedux.setApiKey', config.apiKey);
    const firstPaints = new Map<string, FirstPaintReport>();
    api.probe.onFirstPaint((report) => {
      if (!firstPaints.has(report.generationId)) {
        firstPaints.set(report.generationId, report);
      }
    });
    const source = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'trace.png');
    await vscode.workspace.fs.writeFile(source, fs.readFileSync(config.sourceFile));
    for (let index = 0; index < config.runs; index++) {
      console.log(`PAINT-TRACE start ${index}`);
      const startedAt = Date.now();
      const result = await vscode.commands.executeCommand<{ generationId: string }>(
        'fluxRedux.createVariations',
        source,
        { num_outputs: 1, format: 'webp', megapixels: '1', aspect_ratio: '1:1' },
      );
      const deadline = Date.now() + 10_000;
      while (!firstPaints.has(result.generationId) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      runs.push({ index, startedAt, generationId: result.generationId, firstPaint: firstPaints.get(result.generationId) });
      console.log(`PAINT-TRACE snapshot ${index}`);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      if (index % 2 === 1) {
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } catch (caught) {
    error = caught instanceof Error ? caught.stack ?? caught.message : String(caught);
  }
  fs.writeFileSync(config.outFile, JSON.stringify({ runs, error }, null, 2));
}
