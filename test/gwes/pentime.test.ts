/**
 * The pen over time (issue 14 items 2 and 3): pentime.exe prints what reaches its windows and its
 * parent (roms/src/pentime.c). Message sequences in the manner of Wine's user32 msg.c tests, against
 * CE's rules and Wine's controls (read, not copied):
 * - Double taps: a second press on the same window of a CS_DBLCLKS class within GetDoubleClickTime and
 *   the SM_CXDOUBLECLK x SM_CYDOUBLECLK rectangle is WM_LBUTTONDBLCLK: DOWN, UP, DBLCLK, UP. A class
 *   without CS_DBLCLKS gets two DOWN/UP pairs; a press after the double-click time (the program sleeps
 *   600 ms of the machine clock between them) is a DOWN again. Controls: BS_NOTIFY push button
 *   BN_DOUBLECLICKED, a plain push button two BN_CLICKED, SS_NOTIFY static STN_DBLCLK, LBS_NOTIFY list
 *   box LBN_DBLCLK after LBN_SELCHANGE, an edit selects the word (with its trailing space).
 * - `doubletap` in --input scripts.
 * - Auto-repeat: the pen held on the window's down arrow repeats SB_LINEDOWN SCROLL_FIRST_DELAY after
 *   the press, then every SCROLL_REPEAT_DELAY (MSG.time on the machine clock), SB_ENDSCROLL on release;
 *   held on the page part it repeats SB_PAGEDOWN until the thumb reaches the pen (Wine's scroll.c).
 *   `hold X Y DURATION` in --input does the same.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start } from '../../emulator/system/session.js';
import type { WindowInfo } from '../../emulator/gwes/wm.js';
import { DOUBLE_CLICK_MS } from '../../emulator/gwes/input.js';
import { layout } from '../../emulator/gwes/nonclient.js';
import { barPart, SB_CODE, SCROLL_FIRST_DELAY, SCROLL_REPEAT_DELAY } from '../../emulator/gwes/scrollbar.js';

const ROOT = join(__dirname, '..', '..');
const rom = join(ROOT, 'roms', 'bin', 'pentime.exe');
const profile = join(ROOT, 'profiles', 'ce5-800x480.json');

const flat = (ws: WindowInfo[]): WindowInfo[] => ws.flatMap((w) => [w, ...flat(w.children)]);
const mid = (w: WindowInfo): [number, number] => [w.rect.x + (w.rect.width >> 1), w.rect.y + (w.rect.height >> 1)];
const linesAfterReady = (out: string) =>
  out
    .slice(out.indexOf('ready\n') + 6)
    .trim()
    .split('\n');

// WM_COMMAND notification codes (winuser.h).
const BN = { CLICKED: 0, DOUBLECLICKED: 5, SETFOCUS: 6, KILLFOCUS: 7 };
const STN = { CLICKED: 0, DBLCLK: 1 };
const LBN = { SELCHANGE: 1, DBLCLK: 2, SETFOCUS: 4, KILLFOCUS: 5 };
const EN = { SETFOCUS: 0x100, KILLFOCUS: 0x200 };

describe('double taps (pentime.exe)', () => {
  it('WM_LBUTTONDBLCLK for CS_DBLCLKS classes within the time and distance; the controls notify', async () => {
    expect(DOUBLE_CLICK_MS).toBeLessThan(600); // the ROM's sleep outlasts the double-click time
    const emu = await start(rom, { profile, deterministic: true, timeoutMs: 60_000 });
    await emu.display.waitIdle();
    const all = flat(emu.display.windows());
    const by = (t: string) => all.find((w) => w.text === t)!;
    const c = by('Pen').clientRect;
    const d = emu.display;
    const step = async (f: () => unknown) => {
      f();
      await d.waitIdle();
    };
    await step(() => d.doubleTap(c.x + 50, c.y + 50)); // PenDbl: DOWN UP DBLCLK UP
    await step(() => d.tap(c.x + 50, c.y + 50)); // the sequence was reset: a third press is a DOWN
    await step(() => d.tap(c.x + 52, c.y + 50)); // 2 px away: outside the 4x4 rectangle
    await step(() => d.tap(c.x + 51, c.y + 51)); // 1 px from the last press: a double click again
    const plain = by('Plain');
    await step(() => d.doubleTap(...mid(plain))); // no CS_DBLCLKS: two DOWN/UP pairs
    await step(() => d.tap(c.x + 60, c.y + 50));
    await step(() => d.key('T')); // 600 ms pass on the machine clock
    await step(() => d.tap(c.x + 60, c.y + 50));
    await step(() => d.doubleTap(...mid(by('Notify'))));
    await step(() => d.doubleTap(...mid(by('Push'))));
    await step(() => d.doubleTap(...mid(by('Label'))));
    const e = by('Hello brave world');
    await step(() => d.doubleTap(e.rect.x + 60, e.rect.y + 10)); // in "brave"
    await step(() => d.tap(...mid(by('Push')))); // prints the edit's selection
    const lb = all.find((w) => w.className === 'LISTBOX')!;
    await step(() => d.doubleTap(lb.rect.x + 20, lb.rect.y + 20));
    await d.window({ title: 'Pen' }).child({ text: 'Quit' }).tap();
    const r = await emu.exited;
    expect(r.exitCode).toBe(0);
    const px = (w: WindowInfo) => {
      const [x, y] = mid(w);
      return `${x - w.clientRect.x} ${y - w.clientRect.y}`;
    };
    expect(linesAfterReady(r.stdout)).toEqual([
      'Pen down 50 50',
      'Pen up 50 50',
      'Pen dblclk 50 50',
      'Pen up 50 50',
      'Pen down 50 50',
      'Pen up 50 50',
      'Pen down 52 50',
      'Pen up 52 50',
      'Pen dblclk 51 51',
      'Pen up 51 51',
      `Plain down ${px(plain)}`,
      `Plain up ${px(plain)}`,
      `Plain down ${px(plain)}`,
      `Plain up ${px(plain)}`,
      'Pen down 60 50',
      'Pen up 60 50',
      'slept',
      'Pen down 60 50',
      'Pen up 60 50',
      `cmd 201 ${BN.SETFOCUS}`,
      `cmd 201 ${BN.CLICKED}`,
      `cmd 201 ${BN.DOUBLECLICKED}`,
      `cmd 201 ${BN.KILLFOCUS}`,
      `cmd 202 ${BN.CLICKED} sel=0,0`,
      `cmd 202 ${BN.CLICKED} sel=0,0`,
      `cmd 206 ${STN.CLICKED}`,
      `cmd 206 ${STN.DBLCLK}`,
      `cmd 206 ${STN.CLICKED}`,
      `cmd 203 ${EN.SETFOCUS}`,
      `cmd 203 ${EN.KILLFOCUS}`,
      // "Hello brave world": the word under the caret with its trailing space, 6..12.
      `cmd 202 ${BN.CLICKED} sel=6,12`,
      `cmd 204 ${LBN.SETFOCUS}`,
      `cmd 204 ${LBN.SELCHANGE}`,
      `cmd 204 ${LBN.DBLCLK}`,
      `cmd 204 ${LBN.KILLFOCUS}`,
      'quit',
    ]);
  });

  it('--input: `doubletap X Y`, `doubleclick "Text"`, `hold X Y DURATION`; a malformed one is a one-line error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wmemu-pentime-'));
    try {
      const script = join(dir, 'steps.txt');
      const cli = () =>
        spawnSync(process.execPath, [join(ROOT, 'dist', 'cli', 'main.js'), 'run', '--deterministic', '--profile', profile, '--input', script, rom], {
          encoding: 'utf8',
          timeout: 60_000,
        });
      // The window is at (20, 20); its client area starts at (21, 44) on this profile (CE's caption).
      // (512, 414) is on the window's down arrow: held 275 ms, SB_LINEDOWN at 0, 200 and 250 ms.
      writeFileSync(script, 'wait window "Pen"\ndoubletap 71 94\ndoubleclick "Notify"\nhold 512 414 275ms\nclick "Quit"\n');
      const r = cli();
      expect(linesAfterReady(r.stdout)).toEqual([
        'Pen down 50 50',
        'Pen up 50 50',
        'Pen dblclk 50 50',
        'Pen up 50 50',
        `cmd 201 ${BN.SETFOCUS}`,
        `cmd 201 ${BN.CLICKED}`,
        `cmd 201 ${BN.DOUBLECLICKED}`,
        'vscroll 1 1 t=0',
        'vscroll 1 2 t=200',
        'vscroll 1 3 t=250',
        'vscroll 8 3 t=275',
        `cmd 201 ${BN.KILLFOCUS}`,
        'quit',
      ]);
      expect(r.status).toBe(0);
      writeFileSync(script, 'doubletap 71\n');
      const bad = cli();
      expect(bad.stderr.trim()).toBe("wmemu: input script line 1: expected `doubletap X Y`: 'doubletap 71'");
      expect(bad.status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('scroll-bar auto-repeat (pentime.exe)', () => {
  it('a held arrow repeats SB_LINEDOWN at the delay and rate, a held page part until the thumb reaches the pen; the SCROLLBAR control too', async () => {
    const emu = await start(rom, { profile, deterministic: true, timeoutMs: 60_000 });
    const d = emu.display;
    await d.waitIdle();
    const pen = d.windows()[0]!;
    const bar = layout(pen.style, pen.exStyle, pen.rect.width, pen.rect.height).vscroll!;
    const x = pen.rect.x + ((bar.left + bar.right) >> 1);
    const arrowY = pen.rect.y + bar.bottom - 5; // on the down arrow (13 px)
    const held = SCROLL_FIRST_DELAY + 6 * SCROLL_REPEAT_DELAY + 25; // seven repeats, then the release
    d.press(x, arrowY);
    await d.waitForTimeout(held);
    d.release(x, arrowY);
    await d.waitIdle();
    const pageY = pen.rect.y + bar.top + 200;
    d.press(x, pageY);
    await d.waitForTimeout(1000);
    d.release(x, pageY);
    await d.waitIdle();
    // The SCROLLBAR control repeats through its own timer (WM_TIMER on its thread): the same times.
    const ctl = flat(d.windows()).find((w) => w.className === 'SCROLLBAR')!;
    const cx = ctl.rect.x + (ctl.rect.width >> 1);
    const cy = ctl.rect.y + ctl.rect.height - 5;
    const ctlHeld = SCROLL_FIRST_DELAY + 2 * SCROLL_REPEAT_DELAY + 25;
    d.press(cx, cy);
    await d.waitForTimeout(ctlHeld);
    d.release(cx, cy);
    await d.waitIdle();
    await d.window({ title: 'Pen' }).child({ text: 'Quit' }).tap();
    const r = await emu.exited;
    expect(linesAfterReady(r.stdout).filter((l) => l.startsWith('ctlscroll'))).toEqual([
      `ctlscroll ${SB_CODE.LINEDOWN} 1 t=0`,
      `ctlscroll ${SB_CODE.LINEDOWN} 2 t=${SCROLL_FIRST_DELAY}`,
      `ctlscroll ${SB_CODE.LINEDOWN} 3 t=${SCROLL_FIRST_DELAY + SCROLL_REPEAT_DELAY}`,
      `ctlscroll ${SB_CODE.LINEDOWN} 4 t=${SCROLL_FIRST_DELAY + 2 * SCROLL_REPEAT_DELAY}`,
      `ctlscroll ${SB_CODE.ENDSCROLL} 4 t=${ctlHeld}`,
    ]);
    const lines = linesAfterReady(r.stdout).filter((l) => l.startsWith('vscroll'));
    const parse = (l: string) =>
      l
        .match(/^vscroll (\d+) (\d+) t=(\d+)$/)!
        .slice(1)
        .map(Number) as [number, number, number];
    const end = lines.findIndex((l) => l.startsWith(`vscroll ${SB_CODE.ENDSCROLL} `));
    const line = lines.slice(0, end + 1).map(parse);
    const times = [0, ...Array.from({ length: 7 }, (_, i) => SCROLL_FIRST_DELAY + i * SCROLL_REPEAT_DELAY)];
    expect(line).toEqual([...times.map((t, i) => [SB_CODE.LINEDOWN, i + 1, t]), [SB_CODE.ENDSCROLL, 8, held]]);

    // The page part: SB_PAGEDOWN at 0, SCROLL_FIRST_DELAY, then every SCROLL_REPEAT_DELAY while the pen
    // is below the thumb; the last code leaves the thumb under the pen (no more repeats), then SB_ENDSCROLL.
    const page = lines.slice(end + 1).map(parse);
    const codes = page.slice(0, -1);
    expect(codes.length).toBeGreaterThan(2);
    codes.forEach(([code, , t], i) => {
      expect(code).toBe(SB_CODE.PAGEDOWN);
      expect(t).toBe(i === 0 ? 0 : SCROLL_FIRST_DELAY + (i - 1) * SCROLL_REPEAT_DELAY);
    });
    expect(page.at(-1)).toEqual([SB_CODE.ENDSCROLL, codes.at(-1)![1], 1000]);
    const partAt = (pos: number) =>
      barPart(
        { min: 0, max: 100, page: 10, pos, trackPos: 0, tracking: false, disabled: 0 },
        bar.bottom - bar.top,
        bar.right - bar.left,
        pageY - pen.rect.y - bar.top,
      );
    expect(partAt(codes.at(-2)![1])).toBe('pagedown');
    expect(partAt(codes.at(-1)![1])).toBe('thumb');
    expect(r.exitCode).toBe(0);
  });
});
