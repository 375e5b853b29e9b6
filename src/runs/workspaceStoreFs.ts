import * as vscode from 'vscode';
import type { StoreFileSystem } from './store';

/** The store's file operations on global storage, through `workspace.fs` (remote-safe). */
export function workspaceStoreFileSystem(root: vscode.Uri): StoreFileSystem {
  const at = (relativePath: string) => vscode.Uri.joinPath(root, ...relativePath.split('/'));
  const fs = vscode.workspace.fs;
  return {
    readFile: (p) => Promise.resolve(fs.readFile(at(p))),
    writeFile: (p, data) => Promise.resolve(fs.writeFile(at(p), data)),
    rename: (from, to) => Promise.resolve(fs.rename(at(from), at(to), { overwrite: true })),
    createDirectory: (p) => Promise.resolve(fs.createDirectory(at(p))),
    listDirectories: async (p) => {
      try {
        const entries = await fs.readDirectory(at(p));
        return entries.filter(([, type]) => type & vscode.FileType.Directory).map(([name]) => name);
      } catch {
        return [];
      }
    },
    listFiles: async (p) => {
      try {
        const entries = await fs.readDirectory(at(p));
        const files = entries.filter(([, type]) => type & vscode.FileType.File);
        return await Promise.all(files.map(async ([name]) => ({ name, mtimeMs: (await fs.stat(at(`${p}/${name}`))).mtime })));
      } catch {
        return [];
      }
    },
    deleteFile: async (p) => {
      try {
        await fs.delete(at(p), { useTrash: false });
      } catch (error) {
        if (!(error instanceof vscode.FileSystemError && error.code === 'FileNotFound')) {
          throw error;
        }
      }
    },
  };
}
