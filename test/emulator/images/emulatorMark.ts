/**
 * The badge in every emulated output's bottom-right corner: "EMULATOR" in white capitals on a
 * dark plate, so a screenshot or a saved file can never pass for the model's work. Drawn from a
 * 5 × 7 pixel font because wasm-vips has no text rendering without fonts.
 */
const GLYPHS: Readonly<Record<string, readonly string[]>> = {
  E: ['#####', '#....', '#....', '####.', '#....', '#....', '#####'],
  M: ['#...#', '##.##', '#.#.#', '#.#.#', '#...#', '#...#', '#...#'],
  U: ['#...#', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  L: ['#....', '#....', '#....', '#....', '#....', '#....', '#####'],
  A: ['.###.', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  T: ['#####', '..#..', '..#..', '..#..', '..#..', '..#..', '..#..'],
  O: ['.###.', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  R: ['####.', '#...#', '#...#', '####.', '#.#..', '#..#.', '#...#'],
};
const WORD = 'EMULATOR';
const GLYPH_WIDTH = 5;
const GLYPH_HEIGHT = 7;
/** In font pixels, around the word and between letters. */
const PADDING = 3;
const LETTER_GAP = 1;

export const MARK_PLATE: readonly [number, number, number] = [24, 24, 24];
export const MARK_INK: readonly [number, number, number] = [255, 255, 255];

export interface Mark {
  /** Where the badge goes in an image of the size asked for. */
  left: number;
  top: number;
  width: number;
  height: number;
  /** Opaque sRGB, 3 bytes a pixel. */
  rgb: Buffer;
}

/** The badge for an image of this size: a font pixel grows with the image (3 screen pixels at 1 MP). */
export function emulatorMark(imageWidth: number, imageHeight: number): Mark {
  const scale = Math.max(1, Math.round(Math.min(imageWidth, imageHeight) / 256));
  const columns = WORD.length * GLYPH_WIDTH + (WORD.length - 1) * LETTER_GAP + 2 * PADDING;
  const rows = GLYPH_HEIGHT + 2 * PADDING;
  const width = Math.min(columns * scale, imageWidth);
  const height = Math.min(rows * scale, imageHeight);
  const rgb = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const colour = isInk(Math.floor(x / scale), Math.floor(y / scale)) ? MARK_INK : MARK_PLATE;
      rgb.set(colour, (y * width + x) * 3);
    }
  }
  const margin = Math.min(2 * scale, imageWidth - width, imageHeight - height);
  return { left: imageWidth - width - margin, top: imageHeight - height - margin, width, height, rgb };
}

function isInk(column: number, row: number): boolean {
  const glyphRow = row - PADDING;
  const inWord = column - PADDING;
  if (glyphRow < 0 || glyphRow >= GLYPH_HEIGHT || inWord < 0) {
    return false;
  }
  const letter = Math.floor(inWord / (GLYPH_WIDTH + LETTER_GAP));
  const glyphColumn = inWord % (GLYPH_WIDTH + LETTER_GAP);
  if (letter >= WORD.length || glyphColumn >= GLYPH_WIDTH) {
    return false;
  }
  return GLYPHS[WORD[letter]][glyphRow][glyphColumn] === '#';
}
