/**
 * Which base URLs the client may talk to. The API key travels to the API base, so plain http is
 * allowed only where nothing leaves the machine (loopback: the local emulator).
 */

export type BaseUrlCheck = { ok: true; base: string; origin: string } | { ok: false; reason: string };

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Validates a configured base and returns it without trailing slashes (paths are appended to it).
 * `label` names the setting in the reason, so the user knows what to fix.
 */
export function checkBaseUrl(raw: string, label: string): BaseUrlCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, reason: `The setting ${label} is not a valid URL.` };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: `The setting ${label} must not contain a user name or password.` };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      ok: false,
      reason: `The setting ${label} uses plain http for ${url.host}. Use https; plain http is allowed only for this computer (127.0.0.1, localhost).`,
    };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: `The setting ${label} must be an https URL.` };
  }
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, base: `${url.origin}${path}`, origin: url.origin };
}
