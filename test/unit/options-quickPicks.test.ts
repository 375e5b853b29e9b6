/**
 * Drives the real quick pick code against a small stand-in for the `vscode` quick input API
 * (installed for this file only), the way a keyboard user would: accept the active item, pick a
 * label, type text, press Back or Escape. The real workbench is covered by the end-to-end tests.
 */
import * as assert from 'node:assert/strict';
import Module from 'node:module';
import type { OptionChoices } from '../../src/options/resolve';
import type * as QuickPicks from '../../src/options/quickPicks';
import type { FirstStepOffers } from '../../src/options/firstStepOffers';
import * as l10n from '@vscode/l10n';
import { installMarkingBundle, restoreEnglish } from './l10n-helpers';

type Listener<T> = (event: T) => void;

class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>): { dispose(): void } => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(event: T): void {
    for (const listener of [...this.listeners]) {
      listener(event);
    }
  }
  get size(): number {
    return this.listeners.size;
  }
}

const BACK = { iconPath: 'back', tooltip: 'Back' };
const SEPARATOR = -1;

interface FakeItem {
  label: string;
  description?: string;
  detail?: string;
  kind?: number;
}

/** Plays VS Code's quick input controller: one widget visible at a time; showing another hides it. */
class FakeQuickInputs {
  visible: FakeWidget | undefined;
  readonly created: FakeWidget[] = [];
  private readonly shown: FakeWidget[] = [];
  private waiting: ((widget: FakeWidget) => void) | undefined;

  show(widget: FakeWidget): void {
    const previous = this.visible;
    this.visible = widget;
    previous?.hiddenByController();
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve(widget);
    } else {
      this.shown.push(widget);
    }
  }

  /** The next widget shown (waits for it: the code under test shows it asynchronously). */
  next(): Promise<FakeWidget> {
    const ready = this.shown.shift();
    if (ready) {
      return Promise.resolve(ready);
    }
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }
}

class FakeWidget {
  title?: string;
  step?: number;
  totalSteps?: number;
  placeholder?: string;
  prompt?: string;
  value = '';
  validationMessage?: string;
  ignoreFocusOut = false;
  matchOnDescription = false;
  matchOnDetail = false;
  buttons: unknown[] = [];
  items: FakeItem[] = [];
  activeItems: FakeItem[] = [];
  selectedItems: FakeItem[] = [];
  disposed = false;
  private isVisible = false;
  readonly accept = new Emitter<void>();
  readonly hide = new Emitter<void>();
  readonly button = new Emitter<unknown>();
  readonly change = new Emitter<string>();
  readonly onDidAccept = this.accept.event;
  readonly onDidHide = this.hide.event;
  readonly onDidTriggerButton = this.button.event;
  readonly onDidChangeValue = this.change.event;

  constructor(
    private readonly inputs: FakeQuickInputs,
    readonly widgetType: 'pick' | 'input',
  ) {
    inputs.created.push(this);
  }

  show(): void {
    assert.equal(this.disposed, false, 'a disposed widget was shown');
    this.isVisible = true;
    this.inputs.show(this);
  }

  hiddenByController(): void {
    if (this.isVisible) {
      this.isVisible = false;
      this.hide.fire();
    }
  }

  dispose(): void {
    this.hiddenByController();
    this.disposed = true;
  }

  // What the user does.
  labels(): string[] {
    return this.items.filter((i) => i.kind !== SEPARATOR).map((i) => i.label);
  }
  activeLabel(): string | undefined {
    return this.activeItems[0]?.label;
  }
  pressEnter(): void {
    this.selectedItems = this.widgetType === 'pick' ? this.activeItems.slice(0, 1) : [];
    this.accept.fire();
  }
  choose(label: string): void {
    const item = this.items.find((i) => i.label === label && i.kind !== SEPARATOR);
    assert.ok(item, `no item "${label}" in ${JSON.stringify(this.labels())}`);
    this.activeItems = [item];
    this.pressEnter();
  }
  typeText(text: string): void {
    this.value = text;
    this.change.fire(text);
  }
  pressBack(): void {
    assert.ok(this.buttons.includes(BACK), 'no Back button on this step');
    this.button.fire(BACK);
  }
  pressEscape(): void {
    this.hiddenByController();
  }
  hasBack(): boolean {
    return this.buttons.includes(BACK);
  }
  listenerCount(): number {
    return this.accept.size + this.hide.size + this.button.size + this.change.size;
  }
}

function fakeVscode(inputs: FakeQuickInputs): unknown {
  return {
    window: {
      createQuickPick: () => new FakeWidget(inputs, 'pick'),
      createInputBox: () => new FakeWidget(inputs, 'input'),
    },
    QuickInputButtons: { Back: BACK },
    QuickPickItemKind: { Separator: SEPARATOR, Default: 0 },
    l10n: { t: (message: string, ...args: l10n.L10nReplacement[]) => l10n.t(message, ...args) },
  };
}

const current: OptionChoices = {
  aspect_ratio: '4:3',
  num_outputs: 2,
  format: 'webp',
  megapixels: '1',
  num_inference_steps: 28,
  output_quality: 80,
  seed: 'random',
  disable_safety_checker: false,
};

const DEV = 'black-forest-labs/flux-redux-dev' as const;

describe('pickVariationOptions (driven through a stand-in quick input)', () => {
  type LoadFn = (request: string, parent: unknown, isMain: boolean) => unknown;
  const moduleWithLoad = Module as unknown as { _load: LoadFn };
  const originalLoad = moduleWithLoad._load;
  // One controller for the whole file: the module under test reads `vscode` only once.
  const inputs = new FakeQuickInputs();
  let quickPicks: typeof QuickPicks;

  before(async () => {
    moduleWithLoad._load = function (request, parent, isMain) {
      return request === 'vscode' ? fakeVscode(inputs) : originalLoad.call(this, request, parent, isMain);
    };
    quickPicks = await import('../../src/options/quickPicks');
  });

  after(() => {
    moduleWithLoad._load = originalLoad;
  });

  beforeEach(() => {
    inputs.created.length = 0;
    inputs.visible = undefined;
  });

  function assertAllDisposed(): void {
    assert.ok(inputs.created.length > 0);
    for (const widget of inputs.created) {
      assert.equal(widget.disposed, true, `widget "${widget.placeholder ?? widget.prompt}" not disposed`);
      assert.equal(widget.listenerCount(), 0, 'listeners left behind');
    }
  }

  it('runs with the current settings on a single Enter', async () => {
    const result = quickPicks.pickVariationOptions({ choices: current, model: DEV, title: 'Variations of cat.png' });
    const first = await inputs.next();
    assert.equal(first.widgetType, 'pick');
    assert.equal(first.title, 'Variations of cat.png');
    assert.equal(first.step, 1);
    // Seven steps whatever the format: quality is a follow-up of the format step (see below).
    assert.equal(first.totalSteps, 7);
    assert.equal(first.hasBack(), false);
    assert.equal(first.activeLabel(), 'Run with current settings');
    assert.equal(first.items[0].description, '4:3 · 2 outputs · webp · 1 MP · 28 steps · q80');
    first.pressEnter();
    assert.deepEqual(await result, current);
    assertAllDisposed();
  });

  it('walks every step with arrows-and-Enter answers and returns the choices', async () => {
    const result = quickPicks.pickVariationOptions({
      choices: current,
      model: DEV,
      source: { name: 'cat.png', width: 1920, height: 1080 },
      lastSeed: 12345,
    });
    const seen: string[] = [];
    const answer = async (label: string): Promise<FakeWidget> => {
      const widget = await inputs.next();
      seen.push(`${widget.step}/${widget.totalSteps}${widget.hasBack() ? ' back' : ''}: ${widget.placeholder}`);
      widget.choose(label);
      return widget;
    };
    await answer('Match source (≈ 16:9)');
    const outputs = await answer('3 outputs');
    assert.equal(outputs.items.find((i) => i.label === '2 outputs')?.description?.startsWith('$(check)'), true);
    await answer('jpg');
    await answer('Quality 90');
    await answer('0.25 MP');
    await answer('40 steps');
    await answer('Last used: 12345');
    await answer('Safety checker off');
    assert.deepEqual(await result, {
      aspect_ratio: '16:9',
      num_outputs: 3,
      format: 'jpg',
      megapixels: '0.25',
      num_inference_steps: 40,
      output_quality: 90,
      seed: 12345,
      disable_safety_checker: true,
    });
    // Quality is asked right after the format it belongs to, under the format's number.
    assert.deepEqual(
      seen.map((s) => s.split(':')[0]),
      ['1/7', '2/7 back', '3/7 back', '3/7 back', '4/7 back', '5/7 back', '6/7 back', '7/7 back'],
    );
    assert.match(seen[3], /Quality of the output image/);
    assert.match(seen[7], /: Content safety checker$/);
    assertAllDisposed();
  });

  it('starts each list on the current value, so Enter keeps it', async () => {
    const result = quickPicks.pickVariationOptions({ choices: { ...current, num_outputs: 4, seed: 99 }, model: DEV });
    (await inputs.next()).choose('4:3');
    const actives: (string | undefined)[] = [];
    for (let i = 0; i < 7; i++) {
      const widget = await inputs.next();
      actives.push(widget.activeLabel());
      widget.pressEnter();
    }
    assert.deepEqual(actives, ['4 outputs', 'webp', 'Quality 80', '1 MP', '28 steps', 'Seed 99', 'Safety checker on']);
    assert.deepEqual(await result, { ...current, num_outputs: 4, seed: 99 });
  });

  // The counter used to go from 3/8 to 4/7 when png dropped the quality step: it must neither
  // change its total nor skip a number, whichever format is chosen, and Back included.
  it('skips the quality step for png, and the counter keeps its total and counts on without a gap', async () => {
    const result = quickPicks.pickVariationOptions({ choices: current, model: DEV });
    const counters: string[] = [];
    const next = async (): Promise<FakeWidget> => {
      const widget = await inputs.next();
      counters.push(`${widget.step}/${widget.totalSteps}`);
      return widget;
    };
    (await next()).choose('1:1');
    (await next()).choose('1 output');
    (await next()).choose('png');
    (await next()).choose('1 MP');
    (await next()).choose('28 steps');
    const seed = await next();
    assert.deepEqual(seed.labels(), ['Random', 'Enter a seed…']);
    seed.choose('Random');
    (await next()).choose('Safety checker on');
    const chosen = await result;
    assert.equal(chosen?.format, 'png');
    assert.equal(chosen?.seed, 'random');
    assert.deepEqual(counters, ['1/7', '2/7', '3/7', '4/7', '5/7', '6/7', '7/7']);
  });

  it('asks quality after jpg under the same number, Back from it returns to the format, and png then leaves it out', async () => {
    const result = quickPicks.pickVariationOptions({ choices: current, model: DEV });
    (await inputs.next()).choose('4:3');
    (await inputs.next()).choose('2 outputs');
    (await inputs.next()).choose('jpg');
    const quality = await inputs.next();
    assert.deepEqual([quality.step, quality.totalSteps, quality.hasBack()], [3, 7, true]);
    assert.equal(quality.activeLabel(), 'Quality 80');
    quality.pressBack();
    const formatAgain = await inputs.next();
    assert.deepEqual([formatAgain.step, formatAgain.totalSteps], [3, 7]);
    assert.equal(formatAgain.activeLabel(), 'jpg');
    formatAgain.choose('png');
    const resolution = await inputs.next();
    assert.deepEqual([resolution.step, resolution.totalSteps], [4, 7]);
    assert.equal(resolution.placeholder, 'Output image resolution');
    resolution.pressEscape();
    assert.equal(await result, undefined);
    assertAllDisposed();
  });

  it('"Choose every option…" opens the list of ratios under step 1, and Back returns to the list it came from', async () => {
    const result = quickPicks.pickVariationOptions({
      choices: current,
      model: DEV,
      source: { name: 'cat.png', width: 1920, height: 1080 },
    });
    const first = await inputs.next();
    assert.equal(first.placeholder, 'Enter runs with the current settings, or choose what to change');
    assert.deepEqual(first.labels().slice(0, 2), ['Run with current settings', 'Choose every option…']);
    first.choose('Choose every option…');
    const ratios = await inputs.next();
    assert.deepEqual([ratios.step, ratios.totalSteps, ratios.hasBack()], [1, 7, true]);
    assert.equal(ratios.placeholder, 'Aspect ratio of the output image');
    assert.deepEqual(ratios.labels(), ['Match source (≈ 16:9)', '1:1', '16:9', '21:9', '3:2', '2:3', '4:5', '5:4', '3:4', '4:3', '9:16', '9:21']);
    assert.equal(ratios.activeLabel(), '4:3', 'the cursor starts on the ratio in force');
    ratios.pressBack();
    const firstAgain = await inputs.next();
    assert.equal(firstAgain.activeLabel(), 'Choose every option…');
    firstAgain.pressEnter();
    (await inputs.next()).choose('Match source (≈ 16:9)');
    const outputs = await inputs.next();
    assert.deepEqual([outputs.step, outputs.totalSteps], [2, 7]);
    outputs.pressBack();
    const ratiosAgain = await inputs.next();
    assert.equal(ratiosAgain.placeholder, 'Aspect ratio of the output image', 'Back from step 2 returns to the ratio list');
    assert.equal(ratiosAgain.activeLabel(), '16:9');
    ratiosAgain.pressBack();
    const firstOnceMore = await inputs.next();
    assert.match(firstOnceMore.items[0].description ?? '', /^16:9 · /);
    firstOnceMore.choose('Run with current settings');
    assert.deepEqual(await result, { ...current, aspect_ratio: '16:9' });
    assertAllDisposed();
  });

  it('goes back a step with the Back button and lets the answer change', async () => {
    const result = quickPicks.pickVariationOptions({ choices: current, model: DEV });
    (await inputs.next()).choose('1:1');
    (await inputs.next()).choose('1 output');
    const format = await inputs.next();
    format.pressBack();
    const outputsAgain = await inputs.next();
    assert.equal(outputsAgain.step, 2);
    assert.equal(outputsAgain.activeLabel(), '1 output');
    outputsAgain.choose('4 outputs');
    (await inputs.next()).pressBack();
    (await inputs.next()).pressBack();
    const firstAgain = await inputs.next();
    assert.equal(firstAgain.step, 1);
    assert.match(firstAgain.items[0].description ?? '', /^1:1 · 4 outputs/);
    firstAgain.pressEnter();
    assert.deepEqual(await result, { ...current, aspect_ratio: '1:1', num_outputs: 4 });
    assertAllDisposed();
  });

  it('returns undefined on Escape, leaves the given choices alone, and disposes everything', async () => {
    const given = { ...current };
    const result = quickPicks.pickVariationOptions({ choices: given, model: DEV });
    (await inputs.next()).choose('21:9');
    (await inputs.next()).choose('4 outputs');
    (await inputs.next()).pressEscape();
    assert.equal(await result, undefined);
    assert.deepEqual(given, current);
    assertAllDisposed();
  });

  it('takes a custom step count typed into a validated box', async () => {
    const result = quickPicks.pickVariationOptions({ choices: current, model: DEV });
    (await inputs.next()).choose('4:3');
    (await inputs.next()).choose('2 outputs');
    (await inputs.next()).choose('webp');
    (await inputs.next()).choose('Quality 80');
    (await inputs.next()).choose('1 MP');
    (await inputs.next()).choose('Custom…');
    const box = await inputs.next();
    assert.equal(box.widgetType, 'input');
    assert.equal(box.step, 5);
    assert.equal(box.value, '28');
    box.typeText('51');
    assert.equal(box.validationMessage, 'Enter a whole number from 1 to 50');
    box.pressEnter();
    assert.equal(inputs.visible, box, 'an invalid value must not be accepted');
    box.typeText('33');
    assert.equal(box.validationMessage, undefined);
    box.pressEnter();
    const seed = await inputs.next();
    assert.equal(seed.step, 6);
    seed.pressEscape();
    assert.equal(await result, undefined);
  });

  it('goes back from a custom box to the list of the same step', async () => {
    const result = quickPicks.pickVariationOptions({ choices: current, model: DEV });
    (await inputs.next()).choose('4:3');
    for (const label of ['2 outputs', 'webp', 'Quality 80', '1 MP', '28 steps']) {
      (await inputs.next()).choose(label);
    }
    (await inputs.next()).choose('Enter a seed…');
    const box = await inputs.next();
    assert.equal(box.value, '');
    box.pressBack();
    const seedAgain = await inputs.next();
    assert.equal(seedAgain.widgetType, 'pick');
    assert.equal(seedAgain.step, 6);
    assert.equal(seedAgain.activeLabel(), 'Enter a seed…');
    seedAgain.pressEnter();
    const box2 = await inputs.next();
    box2.typeText('4294967295');
    box2.pressEnter();
    (await inputs.next()).pressEnter();
    const chosen = await result;
    assert.equal(chosen?.seed, 4294967295);
    assertAllDisposed();
  });

  it('speaks through the installed translator, and still finds its own entries by their translated labels', async () => {
    installMarkingBundle();
    try {
      const result = quickPicks.pickVariationOptions({ choices: current, model: DEV });
      const first = await inputs.next();
      assert.equal(first.title, '«Create Variations»');
      assert.equal(first.placeholder, '«Enter runs with the current settings, or choose what to change»');
      assert.equal(first.activeLabel(), '«Run with current settings»');
      first.choose('4:3');
      const outputs = await inputs.next();
      assert.equal(outputs.placeholder, '«Number of variations to generate (1–4); each costs credits»');
      outputs.choose('«2 outputs»');
      (await inputs.next()).choose('webp');
      (await inputs.next()).choose('«Quality 80»');
      (await inputs.next()).choose('«1 MP»');
      (await inputs.next()).choose('«Custom…»');
      const box = await inputs.next();
      assert.match(box.prompt ?? '', /^««Number of inference steps.*»\. Type a whole number from 1 to 50 and press Enter\.»$/);
      box.typeText('0');
      assert.equal(box.validationMessage, '«Enter a whole number from 1 to 50»');
      box.pressBack();
      const stepsAgain = await inputs.next();
      assert.equal(stepsAgain.activeLabel(), '«Custom…»');
      stepsAgain.pressEscape();
      assert.equal(await result, undefined);
    } finally {
      restoreEnglish();
    }
    assertAllDisposed();
  });

  describe('step 1 offers: the image\'s recipe and the presets', () => {
    const SCHNELL = 'black-forest-labs/flux-redux-schnell' as const;
    const made = { ...current, aspect_ratio: '16:9' as const, num_outputs: 2, seed: 42 };
    const offers: FirstStepOffers = {
      recipe: { model: SCHNELL, options: made, sourceName: 'harbour.png', canReproduce: true },
      presets: [
        { kind: 'usable', name: 'Fast', origin: 'user', model: SCHNELL, choices: { ...current, num_outputs: 4, num_inference_steps: 4 } },
        { kind: 'invalid', name: 'Odd', origin: 'workspace', problem: 'aspect_ratio must be one of "1:1"; got "7:5" (a string)' },
      ],
    };

    it('runs the recipe\'s settings, model and seed included, on one choice', async () => {
      const result = quickPicks.pickVariationRun({ choices: current, model: DEV, offers });
      (await inputs.next()).choose('Use the settings this image was made with');
      assert.deepEqual(await result, { kind: 'options', model: SCHNELL, choices: made });
      assertAllDisposed();
    });

    it('answers "reproduce" for Reproduce it exactly', async () => {
      const result = quickPicks.pickVariationRun({ choices: current, model: DEV, offers });
      (await inputs.next()).choose('Reproduce it exactly');
      assert.deepEqual(await result, { kind: 'reproduce' });
      assertAllDisposed();
    });

    it('runs a preset with its model', async () => {
      const result = quickPicks.pickVariationRun({ choices: current, model: DEV, offers });
      (await inputs.next()).choose('Fast');
      assert.deepEqual(await result, { kind: 'options', model: SCHNELL, choices: { ...current, num_outputs: 4, num_inference_steps: 4 } });
      assertAllDisposed();
    });

    it('explains a wrong preset instead of running it, and stays on it', async () => {
      const result = quickPicks.pickVariationRun({ choices: current, model: DEV, offers });
      (await inputs.next()).choose('Odd');
      const again = await inputs.next();
      assert.equal(again.step, 1, 'still step 1');
      assert.equal(again.placeholder, 'The preset "Odd" cannot be used: aspect_ratio must be one of "1:1"; got "7:5" (a string). Fix it in the fluxRedux.presets setting.');
      assert.equal(again.activeLabel(), 'Odd');
      again.choose('Run with current settings');
      assert.deepEqual(await result, { kind: 'options', model: DEV, choices: current });
      assertAllDisposed();
    });

    it('runs with the current settings and fluxRedux.model on Enter, as without offers', async () => {
      const result = quickPicks.pickVariationRun({ choices: current, model: DEV, offers });
      const first = await inputs.next();
      assert.equal(first.activeLabel(), 'Run with current settings');
      first.pressEnter();
      assert.deepEqual(await result, { kind: 'options', model: DEV, choices: current });
      assertAllDisposed();
    });
  });
});
