import { englishLocalizer, setLocalizer, type Localizer, type MessageOptions } from '../../src/l10n';

/**
 * A stand-in translator: it formats as English, then wraps the result in «…», the way a real
 * bundle would change every word it translates. Text that did not go through `t` shows no marks.
 * Every message template it is given is recorded.
 */
export interface MarkingLocalizer {
  templates: string[];
  install(): void;
}

export function markingLocalizer(): MarkingLocalizer {
  const templates: string[] = [];
  const localizer = ((...params: unknown[]) => {
    const [first] = params;
    templates.push(typeof first === 'string' ? first : (first as MessageOptions).message);
    return `«${(englishLocalizer as (...p: unknown[]) => string)(...params)}»`;
  }) as Localizer;
  return { templates, install: () => setLocalizer(localizer) };
}

/** Installs a marking localiser around each test of the calling `describe` and restores English after. */
export function useMarkingLocalizer(): MarkingLocalizer {
  const marking = markingLocalizer();
  beforeEach(() => {
    marking.templates.length = 0;
    marking.install();
  });
  afterEach(() => setLocalizer(undefined));
  return marking;
}

/** Wholly translated: one «…» around all of it (an icon such as `$(warning) ` may lead). */
export function isMarked(text: string): boolean {
  return /^(\$\([a-z-]+\) )?«[\s\S]*»$/.test(text);
}
