import * as vscode from 'vscode';

export type FaultMode = 'none' | 'read-only' | 'full';

interface Entry {
  type: vscode.FileType;
  data: Uint8Array;
  mtime: number;
}

/**
 * An in-memory file system the tests control: it can refuse writes as a read-only place does
 * or fail them as a full disk does. (The tests run as root, which ignores permission bits.)
 */
export class TestFileSystem implements vscode.FileSystemProvider {
  private readonly entries = new Map<string, Entry>([['/', { type: vscode.FileType.Directory, data: new Uint8Array(), mtime: Date.now() }]]);
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  mode: FaultMode = 'none';
  readonly writes: string[] = [];

  static register(scheme: string): { fs: TestFileSystem; registration: vscode.Disposable } {
    const fs = new TestFileSystem();
    return { fs, registration: vscode.workspace.registerFileSystemProvider(scheme, fs, { isCaseSensitive: true }) };
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const entry = this.entry(uri);
    return { type: entry.type, ctime: entry.mtime, mtime: entry.mtime, size: entry.data.byteLength };
  }

  readDirectory(uri: vscode.Uri): [string, vscode.FileType][] {
    const prefix = uri.path.endsWith('/') ? uri.path : `${uri.path}/`;
    return [...this.entries.entries()]
      .filter(([p]) => p.startsWith(prefix) && p !== prefix && !p.slice(prefix.length).includes('/'))
      .map(([p, e]) => [p.slice(prefix.length), e.type]);
  }

  createDirectory(uri: vscode.Uri): void {
    this.refuseIfFaulty(uri);
    this.entries.set(uri.path, { type: vscode.FileType.Directory, data: new Uint8Array(), mtime: Date.now() });
  }

  readFile(uri: vscode.Uri): Uint8Array {
    return this.entry(uri).data;
  }

  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    this.refuseIfFaulty(uri);
    this.writes.push(uri.path);
    this.entries.set(uri.path, { type: vscode.FileType.File, data: content, mtime: Date.now() });
  }

  /** Puts a file in place regardless of the fault mode (for arranging a test). */
  seed(path: string, content: Uint8Array): void {
    const parts = path.split('/').filter(Boolean);
    for (let i = 1; i < parts.length; i++) {
      const dir = `/${parts.slice(0, i).join('/')}`;
      if (!this.entries.has(dir)) {
        this.entries.set(dir, { type: vscode.FileType.Directory, data: new Uint8Array(), mtime: Date.now() });
      }
    }
    this.entries.set(`/${parts.join('/')}`, { type: vscode.FileType.File, data: content, mtime: Date.now() });
  }

  has(path: string): boolean {
    return this.entries.has(path);
  }

  delete(uri: vscode.Uri): void {
    this.refuseIfFaulty(uri);
    this.entries.delete(uri.path);
  }

  rename(from: vscode.Uri, to: vscode.Uri): void {
    this.refuseIfFaulty(to);
    const entry = this.entry(from);
    this.entries.delete(from.path);
    this.entries.set(to.path, entry);
  }

  private entry(uri: vscode.Uri): Entry {
    const entry = this.entries.get(uri.path);
    if (!entry) {
      throw vscode.FileSystemError.FileNotFound(uri);
    }
    return entry;
  }

  private refuseIfFaulty(uri: vscode.Uri): void {
    if (this.mode === 'read-only') {
      throw vscode.FileSystemError.NoPermissions(uri);
    }
    if (this.mode === 'full') {
      throw new Error(`ENOSPC: no space left on device, write '${uri.path}'`);
    }
  }
}
