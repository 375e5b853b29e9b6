/**
 * The layouts of the JPEG segments whose size follows from their contents. libjpeg refuses a
 * table whose stated length disagrees with its contents; the metadata stripper checks the same,
 * and only after such a checked segment does it skip stray bytes: then they are known not to be
 * the rest of a segment whose length was wrong.
 */

/** Frame headers (SOF0–SOF15 but DHT, JPG and DAC), DHT, DQT, DRI and DAC. */
export function hasCheckedLayout(marker: number): boolean {
  return isStartOfFrame(marker) || marker === 0xc4 || marker === 0xdb || marker === 0xdd || marker === 0xcc;
}

/** Why the payload does not fit its marker's layout (SOS included), or undefined when it does or is not checked. */
export function tableLayoutError(marker: number, payload: Uint8Array): string | undefined {
  if (isStartOfFrame(marker)) {
    const components = payload[5];
    return payload.length >= 6 && components >= 1 && payload.length === 6 + 3 * components ? undefined : 'does not hold the frame header it states';
  }
  switch (marker) {
    case 0xc4:
      return huffmanTablesFit(payload) ? undefined : 'does not hold the Huffman tables it states';
    case 0xdb:
      return quantisationTablesFit(payload) ? undefined : 'does not hold the quantisation tables it states';
    case 0xdd:
      return payload.length === 2 ? undefined : 'is not 4 bytes long';
    case 0xcc:
      return payload.length % 2 === 0 ? undefined : 'does not hold whole arithmetic-coding entries';
    case 0xda: {
      const components = payload[0];
      return components >= 1 && components <= 4 && payload.length === 4 + 2 * components ? undefined : 'does not hold the scan header it states';
    }
    default:
      return undefined;
  }
}

function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** Each table: class/id (1), 16 code counts, then as many symbols as the counts add up to. */
function huffmanTablesFit(payload: Uint8Array): boolean {
  let offset = 0;
  while (offset < payload.length) {
    if (offset + 17 > payload.length) {
      return false;
    }
    let symbols = 0;
    for (let index = 1; index <= 16; index++) {
      symbols += payload[offset + index];
    }
    offset += 17 + symbols;
  }
  return offset === payload.length && payload.length > 0;
}

/** Each table: precision/id (1), then 64 values of one byte (precision 0) or two (precision 1). */
function quantisationTablesFit(payload: Uint8Array): boolean {
  let offset = 0;
  while (offset < payload.length) {
    const precision = payload[offset] >> 4;
    if (precision > 1) {
      return false;
    }
    offset += 1 + 64 * (precision + 1);
  }
  return offset === payload.length && payload.length > 0;
}
