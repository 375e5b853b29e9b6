import type { GalleryStrings } from '../shared/protocol';
import { fillTemplate, GALLERY_STRING_DEFAULTS, type GalleryStringKey } from '../shared/galleryStrings';

/** The host's words with the English fallback, plus the number formats that go with them. */
export class Words {
  private readonly numbers: Intl.NumberFormat;
  private readonly decimals: Intl.NumberFormat;

  constructor(
    private readonly strings: GalleryStrings,
    locale: string | undefined,
  ) {
    const safeLocale = isSupportedLocale(locale) ? locale : undefined;
    this.numbers = new Intl.NumberFormat(safeLocale, { maximumFractionDigits: 0 });
    this.decimals = new Intl.NumberFormat(safeLocale, { maximumFractionDigits: 1 });
  }

  t(key: GalleryStringKey, ...args: (string | number)[]): string {
    const template = this.strings[key] ?? GALLERY_STRING_DEFAULTS[key];
    return fillTemplate(template, args);
  }

  count(value: number): string {
    return this.numbers.format(value);
  }

  /** 1024-based like VS Code's own file sizes; one decimal under 10 so small sizes keep meaning. */
  size(bytes: number): string {
    if (bytes < 1024) {
      return this.t('bytes', this.numbers.format(bytes));
    }
    const kb = bytes / 1024;
    if (kb < 1024) {
      return this.t('kilobytes', kb < 10 ? this.decimals.format(kb) : this.numbers.format(kb));
    }
    const mb = kb / 1024;
    return this.t('megabytes', mb < 10 ? this.decimals.format(mb) : this.numbers.format(mb));
  }

  duration(totalSeconds: number): string {
    const seconds = Math.max(0, Math.floor(totalSeconds));
    if (seconds < 60) {
      return this.t('seconds', seconds);
    }
    return this.t('minutesSeconds', Math.floor(seconds / 60), seconds % 60);
  }
}

function isSupportedLocale(locale: string | undefined): locale is string {
  if (!locale) {
    return false;
  }
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale]).length > 0;
  } catch {
    return false;
  }
}
