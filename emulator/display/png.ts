/**
 * PNG files for screenshots and for comparing them: 8-bit RGB (or RGBA) encoding and the decoding of
 * what tests compare against (8-bit greyscale, RGB, RGBA and palette images, no interlace).
 * https://www.w3.org/TR/png/ — zlib from Node; CRC-32 computed here.
 */
import { deflateSync, inflateSync } from 'node:zlib';

export class PngError extends Error {}

/** An 8-bit RGBA image, rows top to bottom. */
export interface RgbaImage {
  width: number;
  height: number;
  /** width * height * 4 bytes. */
  data: Uint8Array;
}

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

let crcTable: Uint32Array | undefined;
function crc32(parts: Uint8Array[]): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const p of parts) for (let i = 0; i < p.length; i++) c = crcTable[(c ^ p[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32([head.subarray(4), data]), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes an RGBA image as an RGB PNG (alpha dropped when every pixel is opaque) — deterministic bytes. */
export function encodePng(img: RgbaImage): Buffer {
  const { width, height, data } = img;
  let opaque = true;
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 255) opaque = false;
  const bpp = opaque ? 3 : 4;
  const raw = Buffer.alloc((width * bpp + 1) * height);
  let o = 0;
  for (let y = 0; y < height; y++) {
    raw[o++] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const s = (y * width + x) * 4;
      raw[o++] = data[s]!;
      raw[o++] = data[s + 1]!;
      raw[o++] = data[s + 2]!;
      if (!opaque) raw[o++] = data[s + 3]!;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = opaque ? 2 : 6;
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 6 })), chunk('IEND', new Uint8Array(0))]);
}

/** Decodes a non-interlaced PNG with 8-bit samples (greyscale, RGB, RGBA, palette) into RGBA. */
export function decodePng(file: Uint8Array): RgbaImage {
  const b = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (b.length < 8 || !SIGNATURE.every((v, i) => b[i] === v)) throw new PngError('not a PNG file');
  let o = 8;
  let width = 0;
  let height = 0;
  let colorType = -1;
  let palette: Uint8Array | undefined;
  let trns: Uint8Array | undefined;
  const idat: Buffer[] = [];
  while (o + 12 <= b.length) {
    const len = b.readUInt32BE(o);
    const type = b.toString('latin1', o + 4, o + 8);
    if (o + 12 + len > b.length) throw new PngError(`truncated ${type} chunk`);
    const d = b.subarray(o + 8, o + 8 + len);
    if (type === 'IHDR') {
      width = d.readUInt32BE(0);
      height = d.readUInt32BE(4);
      if (d[8] !== 8) throw new PngError(`bit depth ${d[8]} not supported`);
      colorType = d[9]!;
      if (d[12] !== 0) throw new PngError('interlaced PNG not supported');
    } else if (type === 'PLTE') palette = d;
    else if (type === 'tRNS') trns = d;
    else if (type === 'IDAT') idat.push(d);
    else if (type === 'IEND') break;
    o += 12 + len;
  }
  const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[colorType];
  if (!channels || !width || !height) throw new PngError(`unsupported PNG (colour type ${colorType})`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length < (stride + 1) * height) throw new PngError('image data too short');
  const cur = new Uint8Array(stride);
  const prev = new Uint8Array(stride);
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? cur[i - channels]! : 0;
      const up = prev[i]!;
      const c = i >= channels ? prev[i - channels]! : 0;
      let v = line[i]!;
      if (f === 1) v += a;
      else if (f === 2) v += up;
      else if (f === 3) v += (a + up) >> 1;
      else if (f === 4) {
        const p = a + up - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? up : c;
      } else if (f !== 0) throw new PngError(`bad filter ${f}`);
      cur[i] = v & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const s = x * channels;
      const d = (y * width + x) * 4;
      if (colorType === 0 || colorType === 4) {
        out[d] = out[d + 1] = out[d + 2] = cur[s]!;
        out[d + 3] = colorType === 4 ? cur[s + 1]! : 255;
      } else if (colorType === 3) {
        const idx = cur[s]!;
        if (!palette || 3 * idx + 2 >= palette.length) throw new PngError('palette index out of range');
        out[d] = palette[3 * idx]!;
        out[d + 1] = palette[3 * idx + 1]!;
        out[d + 2] = palette[3 * idx + 2]!;
        out[d + 3] = trns && idx < trns.length ? trns[idx]! : 255;
      } else {
        out[d] = cur[s]!;
        out[d + 1] = cur[s + 1]!;
        out[d + 2] = cur[s + 2]!;
        out[d + 3] = colorType === 6 ? cur[s + 3]! : 255;
      }
    }
    prev.set(cur);
  }
  return { width, height, data: out };
}
