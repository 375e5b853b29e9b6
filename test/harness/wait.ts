/** Waiting for a condition, never for a fixed time: polls until it holds or the deadline passes. */
export interface WaitOptions {
  timeoutMs: number;
  /** How often to look again; small, since each look is cheap. */
  intervalMs?: number;
  /** Says what was awaited, for the timeout message. */
  description: string;
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  options: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 200;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) {
        return value;
      }
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${options.description}${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

export class TimeLimitError extends Error {}

/** Rejects with a TimeLimitError when `promise` does not settle within `ms`. */
export async function withTimeLimit<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeLimitError(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([promise, limit]);
  } finally {
    clearTimeout(timer);
  }
}
