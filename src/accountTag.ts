import { createHmac, randomBytes } from 'crypto';

/**
 * Which account an API key belongs to, as far as the upload cache needs to know: an HMAC-SHA256 of
 * the key under a salt that never leaves SecretStorage. Equal keys give equal tags; the tag alone
 * tells nothing about the key (a plain hash of a key could be checked against a guess offline).
 */
export function accountTag(apiKey: string, saltHex: string): string {
  return createHmac('sha256', Buffer.from(saltHex, 'hex')).update(apiKey, 'utf8').digest('hex');
}

/** The part of vscode.SecretStorage the salt needs. */
export interface SaltSecrets {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
}

const SALT_BYTES = 32;
const SALT_PATTERN = /^[0-9a-f]{64}$/;

/**
 * The salt of the account tags: 32 random bytes, made on first use and kept in SecretStorage, so
 * every window and every session tags a key the same way.
 */
export class AccountSalt {
  private remembered: Promise<string> | undefined;

  constructor(
    private readonly secrets: SaltSecrets,
    private readonly secretName: string,
    private readonly random: (size: number) => Uint8Array = randomBytes,
  ) {}

  get(): Promise<string> {
    if (!this.remembered) {
      const reading = this.readOrCreate();
      this.remembered = reading;
      // A failed read or write is not remembered: the next run tries again.
      reading.catch(() => {
        if (this.remembered === reading) {
          this.remembered = undefined;
        }
      });
    }
    return this.remembered;
  }

  /** Another window stored a salt (two first uses raced): read it again. */
  forget(): void {
    this.remembered = undefined;
  }

  private async readOrCreate(): Promise<string> {
    const stored = await this.secrets.get(this.secretName);
    if (stored !== undefined && SALT_PATTERN.test(stored)) {
      return stored;
    }
    const created = Buffer.from(this.random(SALT_BYTES)).toString('hex');
    await this.secrets.store(this.secretName, created);
    // Two windows creating one at once: the stored value wins, so both tag keys alike from now on.
    const settled = await this.secrets.get(this.secretName);
    return settled !== undefined && SALT_PATTERN.test(settled) ? settled : created;
  }
}

/** The tag of whichever key is at hand (SecretStorage or the environment), undefined without one. */
export async function currentAccountTag(
  currentKey: () => Promise<string | undefined>,
  salt: AccountSalt,
): Promise<string | undefined> {
  const key = await currentKey();
  return key === undefined ? undefined : accountTag(key, await salt.get());
}
