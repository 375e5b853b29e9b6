import * as vscode from 'vscode';
import type { MarkerFile } from './changeMarker';
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

/** The cross-window change marker (src/history/changeMarker.ts) as a small file under global storage. */
export function vscodeMarkerFile(uri: vscode.Uri): MarkerFile {
  return {
    read: async () => {
      try {
        return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch (error) {
        if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') {
          return undefined;
        }
        throw error;
      }
    },
    write: (text) => Promise.resolve(vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text))),
  };
}
