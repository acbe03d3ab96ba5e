/**
 * The corpus's Control Panel (issue 14): ce6 control.exe with its real commctrl.dll list view, and
 * ctlpnl.exe, which runs an applet in its own process. The ce6 image has no .cpl file, so the test
 * puts the samplecpl.dll ROM (one applet "Sample" with the resimg icon) in a temporary device root as
 * \Windows\sample.cpl beside the three corpus files (never copied into the repository). control.exe
 * finds it (its debug output says so), its list view shows the applet's icon (the 32x32 image of the
 * ROM's icon, found pixel for pixel on the screen) and name; a tap selects the item and Enter opens
 * it: control.exe starts ctlpnl.exe, whose CPlApplet(CPL_DBLCLK) call shows the applet's window on
 * the same screen (one GWES for the run). Closing the applet's window (its caption X) ends ctlpnl.exe;
 * a double tap on the item opens the applet again (as on a device), closed the same way;
 * a tap on control.exe's own close button (its command bar) sends WM_CLOSE and the run ends with 0.
 *
 * ctlpnl.exe started alone stops at its own DEBUGCHK (this corpus build keeps them, and DebugBreak
 * without a debugger ends the process, as on a device): with no command line (ctlpnl.cpp line 63, its
 * WinMain checks lpCmdLine first) and with a .cpl it cannot load (`/?`, or cplmain.cpl, which this
 * image lacks: cpl.cpp line 140 after LoadLibraryW fails and the name matches none of its built-in
 * applet names). Neither comes from a wmemu answer: LoadLibraryW's NULL/ERROR_MOD_NOT_FOUND is the
 * device's. With a real .cpl (this test) it runs the applet.
 */
import { describe, it, expect } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start } from '../../emulator/system/session.js';
import type { WindowInfo } from '../../emulator/gwes/wm.js';
import { decodeDib, find, findExact, screen, type Image } from './card-faces.js';

const ROOT = join(__dirname, '..', '..');
const CORPUS = join(ROOT, '..', 'shared', 'corpus', 'ce6', 'fs', 'Windows');
const FILES = ['control.exe', 'ctlpnl.exe', 'commctrl.dll'];
const haveCorpus = FILES.every((f) => existsSync(join(CORPUS, f)));
const cpl = join(ROOT, 'roms', 'bin', 'samplecpl.dll');

/** The 32x32 image of an .ico file (its XOR bitmap; the test icon is opaque). */
function icon32(file: string): Image {
  const d = readFileSync(file);
  for (let i = 0; i < d.readUInt16LE(4); i++) {
    const e = 6 + 16 * i;
    if (d[e] !== 32 || d[e + 1] !== 32) continue;
    const dib = Buffer.from(d.subarray(d.readUInt32LE(e + 12), d.readUInt32LE(e + 12) + d.readUInt32LE(e + 8)));
    dib.writeInt32LE(32, 8); // the header's height counts the XOR and AND bitmaps: keep the XOR one
    return decodeDib(dib);
  }
  throw new Error('no 32x32 image');
}

const until = async (cond: () => boolean, ms = 20_000) => {
  for (const end = Date.now() + ms; !cond();) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe.skipIf(!haveCorpus)('control.exe (corpus ce6)', () => {
  it('lists the applet with its icon, runs it through ctlpnl.exe in a child process on the same screen, exits cleanly on WM_CLOSE', async () => {
    const root = mkdtempSync(join(tmpdir(), 'wmemu-control-'));
    try {
      mkdirSync(join(root, 'Windows'));
      for (const f of FILES) copyFileSync(join(CORPUS, f), join(root, 'Windows', f));
      copyFileSync(cpl, join(root, 'Windows', 'sample.cpl'));
      const emu = await start(join(root, 'Windows', 'control.exe'), { deviceRoot: root, osVersion: 6, timeoutMs: 120_000 });
      try {
        await emu.display.waitIdle(60_000);
        expect(emu.debug).toContain("Found applet='Sample' index=1 dllpath=\\Windows\\sample.cpl ");
        expect(emu.debug).toContain('Leaving CreateLV. Added 1 items');
        const main = emu.display.windows().find((w) => w.className === 'CONTROLEXE_MAIN')!;
        expect(main).toMatchObject({ text: 'Control Panel', visible: true });
        const lv = find(main.children, (w) => w.className === 'SysListView32')!;
        expect(lv.visible).toBe(true);
        // The icon, drawn by commctrl's list view (coredll's image list), inside the list view.
        const at = findExact(screen(emu.display.screenshot()), icon32(join(ROOT, 'roms', 'src', 'resimg', 'icon.ico')));
        expect(at.length).toBe(1);
        const { x, y } = at[0]!;
        expect(x >= lv.rect.x && y >= lv.rect.y && x + 32 <= lv.rect.x + lv.rect.width && y + 32 <= lv.rect.y + lv.rect.height).toBe(true);

        // Select it (tap on the icon) and open it (Enter): ctlpnl.exe runs the applet in a child process.
        emu.display.tap(x + 16, y + 16);
        await emu.display.waitIdle(20_000);
        emu.display.key('RETURN');
        const applet = () => emu.display.windows().find((w: WindowInfo) => w.text === 'Sample applet');
        await until(() => applet() !== undefined);
        await emu.display.waitIdle(20_000);
        expect(emu.debug).toContain("in RunApplet: '\\Windows\\sample.cpl,0'");
        expect(emu.stdout).toContain('samplecpl: CPL_DBLCLK applet 0');
        const top = emu.display.windows();
        expect(top[0]).toMatchObject({ text: 'Sample applet', className: 'SampleApplet', visible: true, active: true });
        expect(top.some((w) => w.className === 'CONTROLEXE_MAIN' && w.visible)).toBe(true);
        // Both processes' windows are on the one screen: the applet's white client area over the list view.
        const a = applet()!;
        const s = screen(emu.display.screenshot());
        expect(s.px[(a.clientRect.y + 20) * s.w + a.clientRect.x + 20]).toBe(0xffffff);

        // Its caption's X closes it: CPlApplet returns, ctlpnl.exe ends, its windows go.
        emu.display.tap(a.rect.x + a.rect.width - 12, a.rect.y + 10);
        await until(() => !emu.display.windows().some((w) => w.className === 'SampleApplet' || w.className === 'CTLPNL_Class'));
        expect(emu.stdout).toContain('samplecpl: applet window closed');
        await emu.display.waitIdle(20_000);

        // A double tap on the item opens the applet, as on a device (the list view's NM_DBLCLK /
        // item activation, real commctrl): ctlpnl.exe runs it again.
        emu.display.doubleTap(x + 16, y + 16);
        await until(() => applet() !== undefined);
        await emu.display.waitIdle(20_000);
        expect(emu.stdout.split('samplecpl: CPL_DBLCLK applet 0').length - 1).toBe(2);
        const b = applet()!;
        emu.display.tap(b.rect.x + b.rect.width - 12, b.rect.y + 10);
        await until(() => !emu.display.windows().some((w) => w.className === 'SampleApplet' || w.className === 'CTLPNL_Class'));
        await emu.display.waitIdle(20_000);

        // control.exe's close button (the command bar's X, top right) sends it WM_CLOSE: it ends with 0.
        const bar = find(main.children, (w) => w.className === 'ToolbarWindow32')!;
        emu.display.tap(bar.rect.x + bar.rect.width - 11, bar.rect.y + (bar.rect.height >> 1));
        const r = await emu.exited;
        expect(r.status).toBe('exited');
        expect(r.exitCode).toBe(0);
      } finally {
        await emu.kill();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 180_000);
});
