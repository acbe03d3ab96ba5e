/**
 * The device's own fonts (issue 14, gdi/font-table.ts, coredll fontres.ts): devfont.exe lists the families
 * EnumFontFamiliesW gives, selects a face by name (CreateFontIndirectW, lfHeight -16), measures and draws
 * "Hello wmemu", and checks AddFontResourceW / RemoveFontResourceW and their error paths in the guest.
 * The fonts are Debian's Liberation files copied into a temporary device root under new names (the corpus
 * has no fonts): in \Windows they join the table at start-up, elsewhere AddFontResourceW adds them. The
 * expected figures come from the font file itself (hmtx advances, OS/2 win metrics scaled to 16 px), the
 * expected pixels from drawing the same file's glyphs on the host.
 */
import { afterAll, describe, it, expect } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start } from '../../emulator/system/session.js';
import { decodePng } from '../../emulator/display/png.js';
import { findFace, installedFonts } from '../../emulator/gdi/fonts/faces.js';
import { FontFormatError, SfntFont } from '../../emulator/gdi/fonts/sfnt.js';
import { FontTable } from '../../emulator/gdi/font-table.js';
import { RealFont, SYSTEM_LOGFONT } from '../../emulator/gdi/text.js';
import { Surface } from '../../emulator/gdi/surface.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'devfont.exe');
const LIB = '/usr/share/fonts/truetype/liberation2';
const SANS = join(LIB, 'LiberationSans-Regular.ttf');
const SERIF = join(LIB, 'LiberationSerif-Regular.ttf');
const SERIF_BOLD = join(LIB, 'LiberationSerif-Bold.ttf');
const haveFonts = findFace('Tahoma', 400) !== undefined && existsSync(SANS) && existsSync(SERIF) && existsSync(SERIF_BOLD);
const TEXT = 'Hello wmemu';

const roots: string[] = [];
afterAll(() => roots.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A fresh device root with `files` (CE-relative paths with '/'), removed after the tests. */
function root(files: Record<string, Uint8Array | string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'wmemu-devfont-'));
  roots.push(dir);
  for (const sub of ['Windows', 'Temp']) mkdirSync(join(dir, sub), { recursive: true });
  for (const [p, data] of Object.entries(files)) writeFileSync(join(dir, p), data);
  return dir;
}

/** The "family" lines of each "-- families" section: [name, weight, pitchAndFamily]. */
function families(stdout: string): [string, number, number][][] {
  return stdout
    .split('-- families\n')
    .slice(1)
    .map((sec) =>
      sec
        .split('\n')
        .map((l) => /^family (.+) (\d+) (\d+)$/.exec(l))
        .filter((m) => m !== null)
        .map((m) => [m![1]!, Number(m![2]), Number(m![3])] as [string, number, number]),
    );
}

/** The shipped families, in enumeration order (one per family). */
const shipped = () => [...new Set(installedFonts().map((f) => f.name))];

/** Width and cell height of TEXT at 16 px computed from the file's own tables (hmtx, OS/2 win metrics). */
function expected(file: string): { width: number; height: number } {
  const f = new SfntFont(readFileSync(file));
  const m = f.metrics;
  let width = 0;
  for (const ch of TEXT) width += Math.round((f.advanceUnits(f.glyphIndex(ch.charCodeAt(0))) * 16) / m.unitsPerEm);
  return { width, height: Math.round((m.winAscent * 16) / m.unitsPerEm) + Math.round((m.winDescent * 16) / m.unitsPerEm) };
}

/** A TrueType collection of `parts`, built here: a 'ttcf' header, then each font with its table offsets moved. */
function collection(parts: Buffer[]): Buffer {
  const bases: number[] = [];
  let at = 12 + 4 * parts.length;
  for (const p of parts) {
    bases.push(at);
    at += (p.length + 3) & ~3;
  }
  const ttc = Buffer.alloc(at);
  ttc.write('ttcf', 0, 'latin1');
  ttc.writeUInt32BE(0x00010000, 4);
  ttc.writeUInt32BE(parts.length, 8);
  parts.forEach((p, i) => {
    ttc.writeUInt32BE(bases[i]!, 12 + 4 * i);
    p.copy(ttc, bases[i]);
    for (let t = 0; t < p.readUInt16BE(4); t++) {
      const e = bases[i]! + 12 + 16 * t;
      ttc.writeUInt32BE(ttc.readUInt32BE(e + 8) + bases[i]!, e + 8);
    }
  });
  return ttc;
}

/** A copy of a font whose Windows family name (name id 1) is `family` (no longer than the original). */
function renamed(file: string, family: string): Buffer {
  const b = Buffer.from(readFileSync(file));
  let name = -1;
  for (let t = 0; t < b.readUInt16BE(4); t++) if (b.toString('latin1', 12 + 16 * t, 16 + 16 * t) === 'name') name = b.readUInt32BE(12 + 16 * t + 8);
  const strings = name + b.readUInt16BE(name + 4);
  for (let i = 0; i < b.readUInt16BE(name + 2); i++) {
    const e = name + 6 + 12 * i;
    if (b.readUInt16BE(e) !== 3 || b.readUInt16BE(e + 6) !== 1) continue;
    b.writeUInt16BE(2 * family.length, e + 8);
    for (let k = 0; k < family.length; k++) b.writeUInt16BE(family.charCodeAt(k), strings + b.readUInt16BE(e + 10) + 2 * k);
  }
  return b;
}

function checksPass(stdout: string, exitCode: number): void {
  expect(stdout.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
  expect(exitCode).toBe(0);
}

describe.skipIf(!haveFonts)('devfont.exe: the device fonts', () => {
  it('a device without fonts of its own has the shipped faces; error paths of AddFontResourceW / RemoveFontResourceW', async () => {
    const emu = await start(rom, { deviceRoot: root({}), deterministic: true, timeoutMs: 60_000 });
    const r = await emu.exited;
    checksPass(r.stdout, r.exitCode);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('ok ')).length).toBe(7);
    expect(families(r.stdout)[0]!.map((f) => f[0])).toEqual(shipped());
  });

  it('\\Windows\\*.ttf joins the table at start-up: listed, selected by face, measured and drawn with the device file', async () => {
    const emu = await start(rom, {
      deviceRoot: root({ 'Windows/mysans.ttf': readFileSync(SANS), 'Windows/broken.ttf': 'not a font', 'Windows/readme.txt': 'hello' }),
      args: ['|Liberation Sans'],
      profile: join(__dirname, '..', '..', 'profiles', 'ce5-800x480.json'),
      deterministic: true,
      timeoutMs: 60_000,
    });
    const r = await emu.exited;
    const shot = decodePng(emu.display.screenshot());
    checksPass(r.stdout, r.exitCode);
    const fams = families(r.stdout);
    // The shipped faces, then the device's (the broken file is left out); a sans-serif variable-pitch TrueType face.
    expect(fams[0]!.map((f) => f[0])).toEqual([...shipped(), 'Liberation Sans']);
    const [, weight, pf] = fams[0]!.at(-1)!;
    expect(weight).toBe(400);
    expect(pf & 0xf0).toBe(0x20); // FF_SWISS
    expect(pf & 0x0f).toBe(0x07); // TMPF_FIXED_PITCH (variable) | TMPF_VECTOR | TMPF_TRUETYPE
    const lines = r.stdout.split('\n');
    expect(lines).toContain('face Liberation Sans');
    const want = expected(SANS);
    // Tahoma's figures differ, so these name the font that was really selected.
    expect(want.width).not.toBe(expected('/usr/share/wine/fonts/tahoma.ttf').width);
    expect(lines).toContain(`extent ${want.width} ${want.height}`);
    expect(lines.find((l) => l.startsWith('tm '))?.split(' ')[1]).toBe(String(want.height));
    // The pixels: the same file's glyphs drawn on the host at the same place (pen at x 20, top 300).
    const font = new RealFont(new SfntFont(readFileSync(SANS)), { ...SYSTEM_LOGFONT, height: -16, face: 'Liberation Sans' });
    const s = new Surface({ width: 800, height: 480, bpp: 16 });
    s.bits.fill(0xff);
    font.draw(s, { clip: [{ left: 0, top: 0, right: 800, bottom: 480 }], textColor: 0, bkColor: 0xffffff }, TEXT, 20, 300 + font.ascent, 0);
    let ink = 0;
    let differing = 0;
    for (let y = 290; y < 330; y++)
      for (let x = 0; x < 300; x++) {
        const want = s.get(x, y) === 0;
        const o = (y * shot.width + x) * 4;
        const got = shot.data[o] === 0 && shot.data[o + 1] === 0 && shot.data[o + 2] === 0;
        if (want) ink++;
        if (want !== got) differing++;
      }
    expect(ink).toBeGreaterThan(100);
    expect(differing).toBe(0);
  });

  it('AddFontResourceW adds a file at run time (EnumFontFamiliesW lists it, CreateFontIndirectW selects it), RemoveFontResourceW takes it out', async () => {
    const emu = await start(rom, {
      deviceRoot: root({ 'Temp/extra.ttf': readFileSync(SERIF) }),
      args: ['\\Temp\\extra.ttf|Liberation Serif'],
      deterministic: true,
      timeoutMs: 60_000,
    });
    const r = await emu.exited;
    checksPass(r.stdout, r.exitCode);
    const lines = r.stdout.split('\n');
    const [before, added, after] = families(r.stdout).map((s) => s.map((f) => f[0]));
    expect(before).toEqual(shipped());
    expect(lines).toContain('added 1');
    expect(added).toEqual([...shipped(), 'Liberation Serif']);
    expect(families(r.stdout)[1]!.at(-1)![2] & 0xf0).toBe(0x10); // FF_ROMAN: a serif face
    expect(lines).toContain('face Liberation Serif');
    const want = expected(SERIF);
    expect(lines).toContain(`extent ${want.width} ${want.height}`);
    expect(after).toEqual(shipped());
  });

  it('a TrueType collection (.ttc) in \\Windows adds each of its fonts, listed as one family', async () => {
    const ttc = collection([readFileSync(SERIF), readFileSync(SERIF_BOLD)]);
    const emu = await start(rom, { deviceRoot: root({ 'Windows/serif.ttc': ttc }), args: ['|Liberation Serif'], deterministic: true, timeoutMs: 60_000 });
    const r = await emu.exited;
    checksPass(r.stdout, r.exitCode);
    // One family line (its regular member) for the two fonts.
    expect(families(r.stdout)[0]!.filter((f) => f[0] === 'Liberation Serif')).toEqual([['Liberation Serif', 400, expect.any(Number)]]);
    expect(r.stdout.split('\n')).toContain(`extent ${expected(SERIF).width} ${expected(SERIF).height}`);
  });

  it('the table on the host: a .ttc adds its members (bold asked, bold member given); an outline-only device Tahoma does not replace the shipped 12 px strike', () => {
    const t = new FontTable();
    expect(t.add(collection([readFileSync(SERIF), readFileSync(SERIF_BOLD)]), '\\Windows\\serif.ttc')).toBe(2);
    expect(t.realize({ ...SYSTEM_LOGFONT, face: 'Liberation Serif', weight: 700 }).face.metrics.weight).toBe(700);
    expect(t.realize({ ...SYSTEM_LOGFONT, face: 'liberation serif' }).face.metrics.weight).toBe(400);
    expect(() => t.add(Buffer.from('not a font'), '\\Temp\\x.ttf')).toThrow(FontFormatError);
    const tahoma = renamed(SANS, 'Tahoma');
    expect(t.add(tahoma, '\\Windows\\tahoma.ttf')).toBe(1);
    expect(
      t
        .list()
        .filter((f) => f.name === 'Tahoma')
        .map((f) => f.source),
    ).toEqual(['\\Windows\\tahoma.ttf']);
    // 12 px: the shipped strike (fonts-wine's tahoma.ttf); 14 px, where the shipped face has no strike: the device's file.
    expect(t.realize(SYSTEM_LOGFONT).face).toBe(findFace('Tahoma', 400));
    expect(t.realize({ ...SYSTEM_LOGFONT, height: -14 }).face.family).toBe('Tahoma');
    expect(t.realize({ ...SYSTEM_LOGFONT, height: -14 }).face).not.toBe(findFace('Tahoma', 400));
    // An unknown face maps to Tahoma, the device's where it applies.
    expect(t.realize({ ...SYSTEM_LOGFONT, height: -14, face: 'No Such Face' }).face).toBe(t.realize({ ...SYSTEM_LOGFONT, height: -14 }).face);
    expect(t.remove('\\WINDOWS\\TAHOMA.TTF')).toBe(true);
    expect(t.remove('\\Windows\\tahoma.ttf')).toBe(false);
    expect(t.realize({ ...SYSTEM_LOGFONT, height: -14 }).face).toBe(findFace('Tahoma', 400));
  });
});
