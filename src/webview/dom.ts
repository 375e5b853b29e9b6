/**
 * Building DOM nodes without innerHTML: file names and server messages are untrusted, so text
 * only ever goes in through textContent and attributes through setAttribute.
 */
type Child = Node | string | null | undefined | false;

export interface ElementOptions {
  className?: string;
  attrs?: Record<string, string | undefined>;
  text?: string;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  children: Child[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className) {
    node.className = options.className;
  }
  for (const [name, value] of Object.entries(options.attrs ?? {})) {
    if (value !== undefined) {
      node.setAttribute(name, value);
    }
  }
  if (options.text !== undefined) {
    node.textContent = options.text;
  }
  for (const child of children) {
    if (child) {
      node.append(child);
    }
  }
  return node;
}

/** A codicon glyph; hidden from assistive technology because the control next to it has a name. */
export function icon(name: string, extraClass = ''): HTMLElement {
  return el('span', {
    className: `codicon codicon-${name}${extraClass ? ` ${extraClass}` : ''}`,
    attrs: { 'aria-hidden': 'true' },
  });
}

/** Sets text or an attribute only when it changed, so unchanged nodes are left alone. */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) {
    node.textContent = text;
  }
}

export function setAttr(node: Element, name: string, value: string | undefined): void {
  if (value === undefined) {
    if (node.hasAttribute(name)) {
      node.removeAttribute(name);
    }
  } else if (node.getAttribute(name) !== value) {
    node.setAttribute(name, value);
  }
}

export function replaceChildrenIfChanged(parent: Element, key: string, build: () => Child[]): void {
  const element = parent as HTMLElement;
  if (element.dataset.renderKey === key) {
    return;
  }
  element.dataset.renderKey = key;
  element.replaceChildren(...build().filter((c): c is Node | string => Boolean(c)));
}
