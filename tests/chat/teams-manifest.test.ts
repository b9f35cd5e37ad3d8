/** The Teams app package (teams/): manifest limits Teams enforces at upload, and the icons. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { colorIcon, outlineIcon } from '../../scripts/make-teams-icons.js';

const TEAMS_DIR = path.resolve('teams');
const manifest = JSON.parse(readFileSync(path.join(TEAMS_DIR, 'manifest.json'), 'utf8'));

function readPng(buffer: Buffer): { width: number; height: number; pixel(x: number, y: number): number[] } {
  expect(buffer.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const width = buffer.readUInt32BE(16);
  const height = buffer.readUInt32BE(20);
  expect(buffer[24]).toBe(8);
  expect(buffer[25]).toBe(6);
  const idat: Buffer[] = [];
  for (let offset = 8; offset < buffer.length; ) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString('ascii', offset + 4, offset + 8);
    if (type === 'IDAT') idat.push(buffer.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe((width * 4 + 1) * height);
  return {
    width,
    height,
    pixel: (x, y) => [...raw.subarray(y * (width * 4 + 1) + 1 + x * 4, y * (width * 4 + 1) + 5 + x * 4)],
  };
}

describe('Teams manifest', () => {
  it('declares a bot for personal, team and group chats, without files', () => {
    expect(manifest.manifestVersion).toBe('1.19');
    expect(manifest.$schema).toContain('v1.19');
    expect(manifest.bots).toHaveLength(1);
    const [bot] = manifest.bots;
    expect(bot.botId).toBe('${{TEAMS_CLIENT_ID}}');
    expect(new Set(bot.scopes)).toEqual(new Set(['personal', 'team', 'groupChat']));
    expect(bot.supportsFiles).toBe(false);
  });

  it('stays within the lengths Teams enforces, in French', () => {
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.name.full.length).toBeLessThanOrEqual(100);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeLessThanOrEqual(4000);
    expect(manifest.description.full).toMatch(/contrats? de ville/);
    for (const list of manifest.bots[0].commandLists) {
      expect(list.commands.length).toBeGreaterThan(0);
      expect(list.commands.length).toBeLessThanOrEqual(10);
      for (const command of list.commands) {
        expect(command.title.length).toBeLessThanOrEqual(32);
        expect(command.description.length).toBeLessThanOrEqual(128);
        expect(command.description).toMatch(/\?$/);
      }
    }
  });

  it('ships a 192×192 colour icon and a 32×32 white-on-transparent outline icon, as the script makes them', () => {
    const colorFile = readFileSync(path.join(TEAMS_DIR, manifest.icons.color));
    const outlineFile = readFileSync(path.join(TEAMS_DIR, manifest.icons.outline));
    const color = readPng(colorFile);
    expect([color.width, color.height]).toEqual([192, 192]);
    expect(color.pixel(0, 0)[3]).toBe(255);
    const outline = readPng(outlineFile);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    expect(outline.pixel(0, 0)[3]).toBe(0);
    let white = 0;
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const [r, g, b, a] = outline.pixel(x, y);
        if (a === 0) continue;
        expect([r, g, b]).toEqual([255, 255, 255]);
        white += 1;
      }
    }
    expect(white).toBeGreaterThan(100);
    expect(colorFile.equals(colorIcon())).toBe(true);
    expect(outlineFile.equals(outlineIcon())).toBe(true);
  });
});
