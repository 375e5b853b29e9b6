/** Reading JSON that may not be JSON: a server's body, a stored file, a message. */

/** The parsed value, or undefined when the text is not JSON. Never throws. */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
