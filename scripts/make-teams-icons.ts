/**
 * Writes the two icons a Teams app package needs (teams/color.png 192×192, teams/outline.png
 * 32×32, white on transparent) from code, so the repository carries no opaque binary and anyone
 * can regenerate them: `npx tsx scripts/make-teams-icons.ts`. Placeholders until a designer's
 * icons replace them: a speech bubble with three dots.
 */
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** Minimal PNG encoder: 8-bit RGBA, no interlace, filter 0 on every row. */
export function encodePng(width: number, height: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1);
    raw[row] = 0;
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), row + 1 + x * 4);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Shape of the bubble in unit coordinates (0..1): body ellipse, tail, three dots. */
function bubble(u: number, v: number): 'body' | 'dot' | 'none' {
  const inEllipse = ((u - 0.5) / 0.36) ** 2 + ((v - 0.45) / 0.28) ** 2 <= 1;
  // Tail: a triangle under the bubble's lower left.
  const inTail = v >= 0.6 && v <= 0.82 && u >= 0.3 && u <= 0.3 + (0.82 - v) * 0.9;
  if (!inEllipse && !inTail) return 'none';
  for (const cx of [0.36, 0.5, 0.64]) {
    if ((u - cx) ** 2 + (v - 0.45) ** 2 <= 0.045 ** 2) return 'dot';
  }
  return 'body';
}

const ACCENT: Rgba = [0x1f, 0x4e, 0x79, 0xff];
const WHITE: Rgba = [0xff, 0xff, 0xff, 0xff];
const CLEAR: Rgba = [0, 0, 0, 0];

export function colorIcon(): Buffer {
  const size = 192;
  return encodePng(size, size, (x, y) => {
    const part = bubble((x + 0.5) / size, (y + 0.5) / size);
    return part === 'body' ? WHITE : ACCENT;
  });
}

export function outlineIcon(): Buffer {
  const size = 32;
  // Teams wants the outline icon white on transparent; the dots are cut out of the bubble.
  return encodePng(size, size, (x, y) => (bubble((x + 0.5) / size, (y + 0.5) / size) === 'body' ? WHITE : CLEAR));
}

async function main(): Promise<void> {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'teams');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'color.png'), colorIcon());
  await writeFile(path.join(dir, 'outline.png'), outlineIcon());
  console.log(`Icônes Teams écrites dans ${dir}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
