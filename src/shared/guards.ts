/**
 * Type guards for values of unknown shape (parsed JSON, messages across the webview boundary) and
 * the exhaustiveness check for `switch` statements over discriminated unions. Plain: no `vscode`,
 * no DOM, no Node; the host, the worker and the webview all import it.
 */

/** For `switch` statements over unions: a compile error when a case is missing. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}

/** A plain object whose fields can be read by name (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
