import * as path from 'path';
import * as vscode from 'vscode';
import { extensionsOf, formatOfFileName, IMAGE_FORMATS } from '../shared/imageFormat';

const IMAGE_EXTENSIONS = IMAGE_FORMATS.flatMap(extensionsOf);

/** findFiles matches case-sensitively: each extension as written, in capitals and capitalised. */
const IMAGE_GLOB = `**/*.{${IMAGE_EXTENSIONS.flatMap((ext) => [ext, ext.toUpperCase(), ext[0].toUpperCase() + ext.slice(1)]).join(',')}}`;

/** The image shown in the active tab of VS Code's built-in image preview, if any. */
export function activeImagePreviewUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputCustom && input.viewType === 'imagePreview.previewEditor') {
    return input.uri;
  }
  return undefined;
}

interface SourcePickItem extends vscode.QuickPickItem {
  uri?: vscode.Uri;
  browse?: true;
}

/** Asks which image to use: the workspace's images, and "Browse…" for any other file. */
export async function pickSourceImage(): Promise<vscode.Uri | undefined> {
  const pick = vscode.window.createQuickPick<SourcePickItem>();
  pick.title = vscode.l10n.t('Flux Redux: Choose an Image');
  pick.placeholder = vscode.l10n.t('Pick a PNG, JPEG or WebP image to make variations of');
  pick.matchOnDescription = true;
  pick.busy = true;
  const browse: SourcePickItem = {
    label: `$(folder-opened) ${vscode.l10n.t('Browse…')}`,
    description: vscode.l10n.t('Choose an image file anywhere'),
    browse: true,
    alwaysShow: true,
  };
  pick.items = [browse];
  pick.show();
  const search = vscode.workspace
    .findFiles(IMAGE_GLOB, '**/{node_modules,.git}/**', 2000)
    .then((uris) => {
      const images = uris
        .filter((uri) => formatOfFileName(uri.path) !== undefined)
        .sort((a, b) => a.path.localeCompare(b.path))
        .map<SourcePickItem>((uri) => ({
          label: `$(file-media) ${path.posix.basename(uri.path)}`,
          description: path.posix.dirname(vscode.workspace.asRelativePath(uri, true)),
          uri,
        }));
      pick.items = [...images, browse];
      pick.busy = false;
    }, () => {
      pick.busy = false;
    });
  try {
    const chosen = await new Promise<SourcePickItem | undefined>((resolve) => {
      pick.onDidAccept(() => resolve(pick.selectedItems[0]));
      pick.onDidHide(() => resolve(undefined));
    });
    if (!chosen) {
      return undefined;
    }
    if (chosen.uri) {
      return chosen.uri;
    }
    pick.hide();
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: vscode.l10n.t('Create Variations'),
      filters: { [vscode.l10n.t('Images')]: IMAGE_EXTENSIONS },
    });
    return picked?.[0];
  } finally {
    void search;
    pick.dispose();
  }
}
