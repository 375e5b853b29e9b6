/**
 * Which base URLs the client may talk to. The API key travels to the API base, so plain http is
 * allowed only where nothing leaves the machine (loopback: the local emulator).
 */
import * as l10n from '@vscode/l10n';
import { assertNever } from '../shared/guards';
import type { Result } from '../shared/result';

/** Why a configured base cannot be used; `setting` names it, so the user knows what to fix. */
export type BaseUrlProblem =
  | { setting: string; issue: 'not-a-url' }
  | { setting: string; issue: 'credentials' }
  | { setting: string; issue: 'plain-http'; host: string }
  | { setting: string; issue: 'not-https' };

export type BaseUrlCheck = Result<{ base: string; origin: string }, { problem: BaseUrlProblem; reason: string }>;

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Validates a configured base and returns it without trailing slashes (paths are appended to it).
 * `label` names the setting in the reason, so the user knows what to fix.
 */
export function checkBaseUrl(raw: string, label: string): BaseUrlCheck {
  const refuse = (problem: BaseUrlProblem): BaseUrlCheck => ({ ok: false, problem, reason: baseUrlProblemWords(problem) });
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return refuse({ setting: label, issue: 'not-a-url' });
  }
  if (url.username !== '' || url.password !== '') {
    return refuse({ setting: label, issue: 'credentials' });
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return refuse({ setting: label, issue: 'plain-http', host: url.host });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return refuse({ setting: label, issue: 'not-https' });
  }
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, base: `${url.origin}${path}`, origin: url.origin };
}

export function baseUrlProblemWords(problem: BaseUrlProblem): string {
  switch (problem.issue) {
    case 'not-a-url':
      return l10n.t('The setting {0} is not a valid URL.', problem.setting);
    case 'credentials':
      return l10n.t('The setting {0} must not contain a user name or password.', problem.setting);
    case 'plain-http':
      return l10n.t(
        'The setting {0} uses plain http for {1}. Use https; plain http is allowed only for this computer (127.0.0.1, localhost).',
        problem.setting,
        problem.host,
      );
    case 'not-https':
      return l10n.t('The setting {0} must be an https URL.', problem.setting);
    default:
      return assertNever(problem);
  }
}
