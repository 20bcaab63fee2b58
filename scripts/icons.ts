import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

/**
 * Draws the app icon (a white K on a teal rounded square) and writes
 * build/icon.png (512 px, Linux) and build/icon.ico (16, 32, 48 and 256 px,
 * Windows). Drawn here rather than downloaded or converted: electron-builder
 * would fetch its icons toolset to turn a PNG into an ICO.
 *
 *   npm exec -- node scripts/icons.ts
 */

const BACKGROUND = [0x0f, 0x76, 0x6e] as const;
const GLYPH = [0xff, 0xff, 0xff] as const;

/** Distance from (x, y) to the segment a–b. */
function segmentDistance(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

function inBackground(x: number, y: number): boolean {
  const margin = 0.0625;
  const radius = 0.18;
  const cx = Math.min(Math.max(x, margin + radius), 1 - margin - radius);
  const cy = Math.min(Math.max(y, margin + radius), 1 - margin - radius);
  return Math.hypot(x - cx, y - cy) <= radius;
}

function inGlyph(x: number, y: number): boolean {
  if (y < 0.25 || y > 0.75) return false;
  if (x < 0.3) return false;
  if (x <= 0.42) return true;
  return (
    segmentDistance(x, y, 0.38, 0.58, 0.72, 0.22) <= 0.065 || segmentDistance(x, y, 0.5, 0.45, 0.74, 0.78) <= 0.065
  );
}

/** RGBA pixels, top row first, 4×4 samples a pixel. */
export function renderIcon(size: number): Uint8Array {
  const samples = 4;
  const pixels = new Uint8Array(size * size * 4);
  for (let row = 0; row < size; row += 1) {
    for (let column = 0; column < size; column += 1) {
      let covered = 0;
      let glyph = 0;
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const x = (column + (sx + 0.5) / samples) / size;
          const y = (row + (sy + 0.5) / samples) / size;
          if (!inBackground(x, y)) continue;
          covered += 1;
          if (inGlyph(x, y)) glyph += 1;
        }
      }
      const at = (row * size + column) * 4;
      if (covered === 0) continue;
      const share = glyph / covered;
      for (let channel = 0; channel < 3; channel += 1) {
        pixels[at + channel] = Math.round((BACKGROUND[channel] ?? 0) * (1 - share) + (GLYPH[channel] ?? 0) * share);
      }
      pixels[at + 3] = Math.round((255 * covered) / (samples * samples));
    }
  }
  return pixels;
}

/** PNG scanlines: each row of RGBA behind filter byte 0 (none). */
export function pngScanlines(size: number, rgba: Uint8Array): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let row = 0; row < size; row += 1) {
    raw.set(rgba.subarray(row * size * 4, (row + 1) * size * 4), row * (size * 4 + 1) + 1);
  }
  return raw;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function encodePng(size: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(pngScanlines(size, rgba), { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A 32-bit BMP as ICO stores it: header with double height, BGRA rows bottom first, an empty AND mask. */
function icoBitmap(size: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8);
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const pixels = Buffer.alloc(size * size * 4);
  for (let row = 0; row < size; row += 1) {
    for (let column = 0; column < size; column += 1) {
      const from = (row * size + column) * 4;
      const to = ((size - 1 - row) * size + column) * 4;
      pixels[to] = rgba[from + 2] ?? 0;
      pixels[to + 1] = rgba[from + 1] ?? 0;
      pixels[to + 2] = rgba[from] ?? 0;
      pixels[to + 3] = rgba[from + 3] ?? 0;
    }
  }
  const mask = Buffer.alloc(Math.ceil(size / 32) * 4 * size);
  return Buffer.concat([header, pixels, mask]);
}

/** An ICO holding each size: 256 px as PNG (as Windows' own icons do), smaller ones as bitmaps. */
export function encodeIco(sizes: readonly number[]): Buffer {
  const images = sizes.map((size) =>
    size >= 256 ? encodePng(size, renderIcon(size)) : icoBitmap(size, renderIcon(size)),
  );
  const directory = Buffer.alloc(6 + 16 * sizes.length);
  directory.writeUInt16LE(0, 0);
  directory.writeUInt16LE(1, 2);
  directory.writeUInt16LE(sizes.length, 4);
  let offset = directory.length;
  sizes.forEach((size, index) => {
    const entry = 6 + 16 * index;
    const image = images[index] ?? Buffer.alloc(0);
    directory[entry] = size >= 256 ? 0 : size;
    directory[entry + 1] = size >= 256 ? 0 : size;
    directory.writeUInt16LE(1, entry + 4);
    directory.writeUInt16LE(32, entry + 6);
    directory.writeUInt32LE(image.length, entry + 8);
    directory.writeUInt32LE(offset, entry + 12);
    offset += image.length;
  });
  return Buffer.concat([directory, ...images]);
}

export const PNG_SIZE = 512;
export const ICO_SIZES = [16, 32, 48, 256] as const;

if (import.meta.main) {
  const build = path.resolve(import.meta.dirname, '..', 'build');
  writeFileSync(path.join(build, 'icon.png'), encodePng(PNG_SIZE, renderIcon(PNG_SIZE)));
  writeFileSync(path.join(build, 'icon.ico'), encodeIco(ICO_SIZES));
  process.stdout.write(`Wrote ${path.join(build, 'icon.png')} and ${path.join(build, 'icon.ico')}\n`);
}
