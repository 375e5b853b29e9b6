/**
 * Which base URLs the client may talk to. The API key travels to the API base, so plain http is
 * allowed only where nothing leaves the machine (loopback: the local emulator).
 */
import { t } from '../l10n';
import type { Result } from '../shared/result';

export type BaseUrlCheck = Result<{ base: string; origin: string }, { reason: string }>;

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
    return { ok: false, reason: t('The setting {0} is not a valid URL.', label) };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: t('The setting {0} must not contain a user name or password.', label) };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      ok: false,
      reason: t(
        'The setting {0} uses plain http for {1}. Use https; plain http is allowed only for this computer (127.0.0.1, localhost).',
        label,
        url.host,
      ),
    };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: t('The setting {0} must be an https URL.', label) };
  }
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, base: `${url.origin}${path}`, origin: url.origin };
}
