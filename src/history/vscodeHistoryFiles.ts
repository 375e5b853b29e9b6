import * as vscode from 'vscode';
import type { MarkerFolder } from './changeMarker';
import type { HistoryFiles } from './historyFiles';

/** The history's file operations through `workspace.fs`, so they work wherever global storage lives. */
export function vscodeHistoryFiles(generationFolderUri: (generationId: string) => vscode.Uri): HistoryFiles {
  return {
    folderBytes: (generationId) => bytesUnder(generationFolderUri(generationId)),
    removeFolder: async (generationId) => {
      try {
        await vscode.workspace.fs.delete(generationFolderUri(generationId), { recursive: true, useTrash: false });
      } catch (error) {
        if (!(error instanceof vscode.FileSystemError && error.code === 'FileNotFound')) {
          throw error;
        }
      }
    },
  };
}

async function bytesUnder(folder: vscode.Uri): Promise<number> {
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(folder);
  } catch {
    return 0;
  }
  let total = 0;
  for (const [name, type] of entries) {
    const uri = vscode.Uri.joinPath(folder, name);
    if (type & vscode.FileType.Directory) {
      total += await bytesUnder(uri);
    } else {
      try {
        total += (await vscode.workspace.fs.stat(uri)).size;
      } catch {
        // Gone since the listing: it takes no room.
      }
    }
  }
  return total;
}

/** The cross-window change markers (src/history/changeMarker.ts): one small file per window in a folder under global storage. */
export function vscodeMarkerFolder(folder: vscode.Uri): MarkerFolder {
  const fileOf = (window: string) => vscode.Uri.joinPath(folder, window);
  return {
    readAll: async () => {
      let names: [string, vscode.FileType][];
      try {
        names = await vscode.workspace.fs.readDirectory(folder);
      } catch (error) {
        if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') {
          return [];
        }
        throw error;
      }
      const entries = await Promise.all(names.filter(([, type]) => type === vscode.FileType.File).map(async ([window]) => {
        try {
          return { window, stamp: new TextDecoder().decode(await vscode.workspace.fs.readFile(fileOf(window))) };
        } catch {
          // Removed since the listing: that window is gone.
          return undefined;
        }
      }));
      return entries.filter((entry) => entry !== undefined);
    },
    write: (window, stamp) => Promise.resolve(vscode.workspace.fs.writeFile(fileOf(window), new TextEncoder().encode(stamp))),
    remove: (window) => Promise.resolve(vscode.workspace.fs.delete(fileOf(window), { useTrash: false })),
  };
}
