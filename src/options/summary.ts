/**
 * Short words for a set of options: the one-line summary of the quick pick's first entry and the
 * gallery's header chips come from the same pieces, so they never disagree.
 */
import type { ChipView } from '../shared/protocol';
import type { ModelId, VariationOptions } from './types';
import { FORMAT_INFO, MEGAPIXELS_INFO, MODEL_INFO, usesQuality } from './parameters';

/** What is remembered between runs: a seed, or "draw a new one each time". */
export type OptionChoices = Omit<VariationOptions, 'seed'> & { seed: number | 'random' };

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * Chips in a fixed order. Quality is left out for png (the server ignores it); the seed only
 * when it is fixed; safety only when it is off, because that is the unusual case.
 */
export function optionChips(o: OptionChoices | VariationOptions, model?: ModelId): ChipView[] {
  const chips: ChipView[] = [];
  if (model) {
    chips.push({ label: MODEL_INFO[model].label, title: `Model ${MODEL_INFO[model].label}` });
  }
  chips.push(
    { label: o.aspect_ratio, title: `Aspect ratio ${o.aspect_ratio}` },
    { label: plural(o.num_outputs, 'output', 'outputs'), title: `${plural(o.num_outputs, 'output', 'outputs')} requested` },
    { label: o.format, title: `Format ${FORMAT_INFO[o.format].label}` },
    { label: MEGAPIXELS_INFO[o.megapixels].label, title: `Resolution ${MEGAPIXELS_INFO[o.megapixels].label}` },
    {
      label: plural(o.num_inference_steps, 'step', 'steps'),
      title: `${plural(o.num_inference_steps, 'inference step', 'inference steps')}`,
    },
  );
  if (usesQuality(o.format)) {
    chips.push({ label: `q${o.output_quality}`, title: `Output quality ${o.output_quality}` });
  }
  if (o.seed !== 'random') {
    chips.push({ label: `seed ${o.seed}`, title: `Seed ${o.seed}` });
  }
  if (o.disable_safety_checker) {
    chips.push({ label: 'safety off', title: 'Safety checker disabled' });
  }
  return chips;
}

/** "4:3 · 2 outputs · webp · 1 MP · 28 steps · q80" (plus "seed N" / "safety off" when set). */
export function summarizeOptions(o: OptionChoices | VariationOptions): string {
  return optionChips(o)
    .map((chip) => chip.label)
    .join(' · ');
}
