import * as vscode from 'vscode';
import { AccountSalt, currentAccountTag } from './accountTag';
import { API_KEY_ENV_VAR, SECRET_API_KEY, SECRET_UPLOAD_ACCOUNT_SALT } from './constants';

/**
 * The key lives in SecretStorage only. The environment variable is a read-only fallback for
 * Codespaces and CI; when neither has one, the user is asked inline and the run carries on.
 */
export class ApiKeyService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /**
   * The stored key, remembered in memory: in a browser or remote workbench each SecretStorage read
   * is a round trip, and one that waits while the gallery is being created would delay the paid call.
   */
  private remembered: Promise<string | undefined> | undefined;
  private readonly salt: AccountSalt;
  private readonly saltSubscription: vscode.Disposable;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.subscription = secrets.onDidChange((event) => {
      if (event.key === SECRET_API_KEY) {
        this.forget();
        this.changed.fire();
      }
    });
    this.salt = new AccountSalt(secrets, SECRET_UPLOAD_ACCOUNT_SALT);
    this.saltSubscription = secrets.onDidChange((event) => {
      if (event.key === SECRET_UPLOAD_ACCOUNT_SALT) {
        this.salt.forget();
      }
    });
  }

  stored(): Promise<string | undefined> {
    if (!this.remembered) {
      const reading = Promise.resolve(this.secrets.get(SECRET_API_KEY)).then((key) => key?.trim() || undefined);
      this.remembered = reading;
      // A failed read is not remembered: the next run asks SecretStorage again.
      reading.catch(() => {
        if (this.remembered === reading) {
          this.remembered = undefined;
        }
      });
    }
    return this.remembered;
  }

  async current(): Promise<string | undefined> {
    return (await this.stored()) ?? this.environmentKey();
  }

  /** Whether the environment variable holds a key, which clearing the stored one leaves in force. */
  hasEnvironmentKey(): boolean {
    return this.environmentKey() !== undefined;
  }

  private environmentKey(): string | undefined {
    return this.env[API_KEY_ENV_VAR]?.trim() || undefined;
  }

  /**
   * Which account the key at hand belongs to, for the upload cache: an HMAC of the key under a
   * salt kept in SecretStorage (see accountTag.ts), undefined when there is no key.
   */
  accountTag(): Promise<string | undefined> {
    return currentAccountTag(() => this.current(), this.salt);
  }

  async store(key: string): Promise<void> {
    await this.secrets.store(SECRET_API_KEY, key.trim());
    this.forget();
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_API_KEY);
    this.forget();
  }

  /** A read started before a change could have remembered the old key: the next one reads again. */
  private forget(): void {
    this.remembered = undefined;
  }

  /** The key for a run, asking for it when none exists; undefined when the user declines. */
  async getOrAsk(): Promise<string | undefined> {
    const existing = await this.current();
    if (existing) {
      return existing;
    }
    const entered = await askForApiKey(
      vscode.l10n.t('No 1min.ai API key is set. Enter it to continue; it is kept in VS Code\'s secret storage.'),
    );
    if (entered) {
      await this.store(entered);
    }
    return entered;
  }

  dispose(): void {
    this.subscription.dispose();
    this.saltSubscription.dispose();
    this.changed.dispose();
  }
}

export async function askForApiKey(prompt?: string): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({
    title: vscode.l10n.t('Flux Redux: 1min.ai API Key'),
    prompt: prompt ?? vscode.l10n.t('Your 1min.ai API key. It is kept in VS Code\'s secret storage and sent only to the API host.'),
    password: true,
    ignoreFocusOut: true,
    placeHolder: vscode.l10n.t('Paste the key from your 1min.ai account'),
    validateInput: (text) => (isPlausibleKey(text) ? undefined : vscode.l10n.t('The key cannot be empty or contain spaces.')),
  });
  return value && isPlausibleKey(value) ? value.trim() : undefined;
}

export function isPlausibleKey(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.length > 0 && trimmed.length <= 512 && !/\s/.test(trimmed);
}
