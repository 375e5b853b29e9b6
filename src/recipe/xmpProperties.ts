/**
 * The simple properties of the recipe namespace in an XMP packet, read with a small XML scanner
 * of its own: no DTD, no entities beyond XML's five and character references, nothing fetched,
 * nothing expanded. Properties may be elements or attributes of `rdf:Description` (XMP writes
 * both); any prefix bound to the namespace counts. Plain: no `vscode`.
 */
import { RECIPE_NAMESPACE } from './xmpPacket';

export type PropertiesReading = { ok: true; properties: Map<string, string> } | { ok: false; reason: string };

const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;
const ATTRIBUTE = /\s+([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')/y;

interface OpenElement {
  name: string;
  namespaces: Map<string, string>;
  /** The recipe property this element is, if it is one. */
  property?: string;
  text: string;
  hasChildren: boolean;
}

class XmpError extends Error {}

export function recipePropertiesOf(packet: string): PropertiesReading {
  try {
    return { ok: true, properties: scan(packet) };
  } catch (error) {
    if (error instanceof XmpError) {
      return { ok: false, reason: error.message };
    }
    throw error;
  }
}

function scan(text: string): Map<string, string> {
  const properties = new Map<string, string>();
  const add = (name: string, value: string) => {
    if (properties.has(name)) {
      throw new XmpError(`${name} appears more than once`);
    }
    properties.set(name, value);
  };
  const stack: OpenElement[] = [];
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf('<', at);
    const textEnd = open < 0 ? text.length : open;
    if (textEnd > at) {
      appendText(stack, decode(text.slice(at, textEnd)));
    }
    if (open < 0) {
      break;
    }
    if (text.startsWith('<?', open)) {
      at = after(text, '?>', open);
    } else if (text.startsWith('<!--', open)) {
      at = after(text, '-->', open);
    } else if (text.startsWith('<![CDATA[', open)) {
      const end = after(text, ']]>', open);
      appendText(stack, text.slice(open + 9, end - 3));
      at = end;
    } else if (text.startsWith('<!', open)) {
      throw new XmpError('a DTD or entity declaration is not allowed');
    } else if (text.startsWith('</', open)) {
      const end = after(text, '>', open);
      const name = text.slice(open + 2, end - 1).trim();
      const element = stack.pop();
      if (!element || element.name !== name) {
        throw new XmpError(`</${name}> closes nothing that is open`);
      }
      if (element.property !== undefined) {
        if (element.hasChildren) {
          throw new XmpError(`${element.property} is not a simple property`);
        }
        add(element.property, element.text);
      }
      at = end;
    } else {
      at = startTag(text, open, stack, add);
    }
  }
  if (stack.length > 0) {
    throw new XmpError(`<${stack[stack.length - 1].name}> is not closed`);
  }
  return properties;
}

/** Reads `<name attr="…" …>` or `/>` at `open`; returns where the tag ends. */
function startTag(text: string, open: number, stack: OpenElement[], add: (name: string, value: string) => void): number {
  const nameMatch = /^<([^\s/>]+)/.exec(text.slice(open, open + 200));
  if (!nameMatch || !NAME.test(nameMatch[1])) {
    throw new XmpError(`a tag at offset ${open} has no valid name`);
  }
  const name = nameMatch[1];
  const attributes: Array<[string, string]> = [];
  let at = open + nameMatch[0].length;
  for (;;) {
    ATTRIBUTE.lastIndex = at;
    const match = ATTRIBUTE.exec(text);
    if (!match) {
      break;
    }
    attributes.push([match[1], decode(match[2].slice(1, -1))]);
    at = ATTRIBUTE.lastIndex;
  }
  const close = /^\s*(\/?)>/.exec(text.slice(at, at + 100));
  if (!close) {
    throw new XmpError(`the tag <${name}> at offset ${open} is not well formed`);
  }
  const parent = stack[stack.length - 1];
  if (parent) {
    parent.hasChildren = true;
  }
  const namespaces = new Map(parent?.namespaces);
  for (const [attribute, value] of attributes) {
    if (attribute === 'xmlns' || attribute.startsWith('xmlns:')) {
      namespaces.set(attribute.slice(6), value);
    }
  }
  const inRecipe = (qualified: string): string | undefined => {
    const colon = qualified.indexOf(':');
    return colon > 0 && namespaces.get(qualified.slice(0, colon)) === RECIPE_NAMESPACE ? qualified.slice(colon + 1) : undefined;
  };
  for (const [attribute, value] of attributes) {
    const property = attribute.startsWith('xmlns') ? undefined : inRecipe(attribute);
    if (property !== undefined) {
      add(property, value);
    }
  }
  const element: OpenElement = { name, namespaces, property: inRecipe(name), text: '', hasChildren: false };
  const end = at + close[0].length;
  if (close[1] === '/') {
    if (element.property !== undefined) {
      add(element.property, '');
    }
  } else {
    stack.push(element);
  }
  return end;
}

function appendText(stack: OpenElement[], text: string): void {
  const element = stack[stack.length - 1];
  if (element) {
    element.text += text;
  } else if (text.trim() !== '') {
    throw new XmpError('text outside every element');
  }
}

function after(text: string, terminator: string, from: number): number {
  const end = text.indexOf(terminator, from);
  if (end < 0) {
    throw new XmpError(`something at offset ${from} is not closed`);
  }
  return end + terminator.length;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML's five entities and character references; any other reference is refused, never expanded. */
function decode(raw: string): string {
  return raw.replace(/&([^;\s&]{0,10});?/g, (whole: string, name: string) => {
    if (!whole.endsWith(';')) {
      throw new XmpError('a bare "&" in the text');
    }
    const named = NAMED_ENTITIES[name];
    if (named !== undefined) {
      return named;
    }
    const numeric = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(name);
    const code = numeric ? parseInt(numeric[1] ?? numeric[2], numeric[1] ? 16 : 10) : NaN;
    if (!Number.isInteger(code) || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) || code === 0) {
      throw new XmpError(`the entity reference "&${name};" is not allowed`);
    }
    return String.fromCodePoint(code);
  });
}
