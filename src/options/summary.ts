/**
 * Short words for a set of options: the one-line summary of the quick pick's first entry and the
 * gallery's header chips come from the same pieces, so they never disagree.
 */
import type { ChipView } from '../shared/protocol';
import * as l10n from '@vscode/l10n';
import type { ModelId, VariationOptions } from './types';
import { FORMAT_LABELS, MODEL_INFO, megapixelsInfo, usesQuality } from './parameters';

/** What is remembered between runs: a seed, or "draw a new one each time". */
export type OptionChoices = Omit<VariationOptions, 'seed'> & { seed: number | 'random' };

function outputsChip(count: number): ChipView {
  return count === 1
    ? { label: l10n.t('1 output'), title: l10n.t('1 output requested') }
    : { label: l10n.t('{0} outputs', count), title: l10n.t('{0} outputs requested', count) };
}

function stepsChip(count: number): ChipView {
  return count === 1
    ? { label: l10n.t('1 step'), title: l10n.t('1 inference step') }
    : { label: l10n.t('{0} steps', count), title: l10n.t('{0} inference steps', count) };
}

/**
 * Chips in a fixed order. Quality is left out for png (the server ignores it); the seed only
 * when it is fixed; safety only when it is off, because that is the unusual case.
 * The aspect ratio and format labels are the API's own values, shown as they are.
 */
export function optionChips(o: OptionChoices | VariationOptions, model?: ModelId): ChipView[] {
  const chips: ChipView[] = [];
  if (model) {
    chips.push({ label: MODEL_INFO[model].label, title: l10n.t('Model {0}', MODEL_INFO[model].label) });
  }
  const resolution = megapixelsInfo(o.megapixels).label;
  chips.push(
    { label: o.aspect_ratio, title: l10n.t('Aspect ratio {0}', o.aspect_ratio) },
    outputsChip(o.num_outputs),
    { label: o.format, title: l10n.t('Format {0}', FORMAT_LABELS[o.format]) },
    { label: resolution, title: l10n.t('Resolution {0}', resolution) },
    stepsChip(o.num_inference_steps),
  );
  if (usesQuality(o.format)) {
    chips.push({ label: l10n.t('q{0}', o.output_quality), title: l10n.t('Output quality {0}', o.output_quality) });
  }
  if (o.seed !== 'random') {
    chips.push({ label: l10n.t('seed {0}', o.seed), title: l10n.t('Seed {0}', o.seed) });
  }
  if (o.disable_safety_checker) {
    chips.push({ label: l10n.t('safety off'), title: l10n.t('Safety checker disabled') });
  }
  return chips;
}

/** "4:3 · 2 outputs · webp · 1 MP · 28 steps · q80" (plus "seed N" / "safety off" when set). */
export function summarizeOptions(o: OptionChoices | VariationOptions): string {
  return optionChips(o)
    .map((chip) => chip.label)
    .join(l10n.t(' · '));
}
