/**
 * The text of a caught value for a log line or a sentence: anything can be thrown, and only an
 * Error has a message worth showing as it is.
 */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
