/**
 * Collects lines of a console (the workbench page's, or the extension host's as forwarded by
 * codeAutomationLog) in memory and in a file, so a failure can be read afterwards.
 */
import * as fs from 'fs';
import * as path from 'path';
import { format } from 'util';

export class ConsoleLog {
  private readonly lines: string[] = [];
  private readonly listeners = new Set<(line: string) => void>();

  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '');
  }

  add(line: string): void {
    this.lines.push(line);
    fs.appendFileSync(this.file, `${line}\n`);
    for (const listener of this.listeners) {
      listener(line);
    }
  }

  all(): readonly string[] {
    return this.lines;
  }

  onLine(listener: (line: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** codeAutomationLog receives a console call's arguments, printf-style format string first. */
export function formatConsoleArgs(args: unknown): string {
  const list: unknown[] = Array.isArray(args) ? args : [args];
  return format(...list);
}
