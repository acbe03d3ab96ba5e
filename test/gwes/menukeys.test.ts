/**
 * A window's menu bar opened from the keyboard (issue 14): menukeys.exe has CE's "Menu" bar over
 * &File / &Edit, associated with its window (SetAssociatedMenu). The message order follows CE 6's
 * gwes.dll DefWindowProc (disassembled; emulator/dlls/coredll/defwnd.ts): ALT alone is WM_SYSKEYDOWN /
 * WM_SYSKEYUP (KF_ALTDOWN in lParam), then WM_SYSCOMMAND(SC_KEYMENU, 0) opens the first menu with its first
 * item selected; RIGHT / LEFT move between the bar's menus, ESC closes; ALT+E is WM_SYSKEYDOWN, WM_SYSCHAR
 * 'e', WM_SYSCOMMAND(SC_KEYMENU, 'e') and opens Edit, RETURN chooses its selected item (WM_COMMAND);
 * ALT+X (no bar item has that mnemonic) opens nothing; ALT+F then X chooses File's Exit.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { start } from '../../emulator/system/session.js';
import type { WindowInfo } from '../../emulator/gwes/wm.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'menukeys.exe');
const flat = (l: WindowInfo[]): WindowInfo[] => l.flatMap((w) => [w, ...flat(w.children)]);

describe('menu bar keyboard activation', () => {
  it('ALT, ALT+letter, arrows and ESC drive the associated menu bar in CE order', async () => {
    const emu = await start(rom, { timeoutMs: 60_000 });
    try {
      await emu.display.waitIdle();
      expect(emu.stdout).toContain('assoc 1\nassoc-child 1\nready 1');
      const popups = () => flat(emu.display.windows()).filter((w) => w.className === 'MenuPopup');
      const hot = () => popups().flatMap((p) => (p.menu ?? []).filter((i) => i.highlighted).map((i) => i.text));
      let seen = emu.stdout.length;
      const since = () => {
        const s = emu.stdout.slice(seen);
        seen = emu.stdout.length;
        return s.split('\n').filter((l) => l.startsWith('msg '));
      };

      // ALT alone: the first menu opens, its first item selected.
      emu.display.keyDown('ALT');
      emu.display.keyUp('ALT');
      await emu.display.waitIdle();
      expect(since()).toEqual(['msg SYSKEYDOWN 12 20000001', 'msg SYSKEYUP 12 e0000001', 'msg SYSCOMMAND f100 0', 'msg INITMENUPOPUP file 0']);
      expect(popups().length).toBe(1);
      expect(hot()).toEqual(['&New']);
      // RIGHT: File closes, Edit opens; LEFT: back to File; ESC: closed.
      emu.display.key('RIGHT');
      await emu.display.waitIdle();
      expect(since()).toEqual(['msg INITMENUPOPUP edit 1']);
      expect(hot()).toEqual(['&Copy']);
      emu.display.key('LEFT');
      await emu.display.waitIdle();
      expect(since()).toEqual(['msg INITMENUPOPUP file 0']);
      emu.display.key('ESCAPE');
      await emu.display.waitIdle();
      expect(popups().length).toBe(0);
      // The menu loop took the key press; its release reaches the window afterwards.
      expect(since()).toEqual(['msg KEYUP 1b c0000001']);

      // ALT+E: WM_SYSCHAR 'e' opens Edit; RETURN chooses Copy.
      emu.display.keyDown('ALT');
      emu.display.key('E');
      emu.display.keyUp('ALT');
      await emu.display.waitIdle();
      expect(since()).toEqual([
        'msg SYSKEYDOWN 12 20000001',
        'msg SYSKEYDOWN 45 20000001',
        'msg SYSCHAR 65 20000001',
        'msg SYSCOMMAND f100 65',
        'msg INITMENUPOPUP edit 1',
        // The releases are no menu keys: the menu loop dispatches them to the window.
        'msg SYSKEYUP 45 e0000001',
        'msg SYSKEYUP 12 e0000001',
      ]);
      expect(hot()).toEqual(['&Copy']);
      emu.display.key('RETURN');
      await emu.display.waitIdle();
      expect(since()).toEqual(['msg KEYUP d c0000001', 'msg COMMAND 201']);
      expect(popups().length).toBe(0);

      // ALT+X: no bar item has that mnemonic: nothing opens (the ALT release after another key sends nothing).
      emu.display.keyDown('ALT');
      emu.display.key('X');
      emu.display.keyUp('ALT');
      await emu.display.waitIdle();
      expect(since()).toEqual([
        'msg SYSKEYDOWN 12 20000001',
        'msg SYSKEYDOWN 58 20000001',
        'msg SYSCHAR 78 20000001',
        'msg SYSCOMMAND f100 78',
        'msg SYSKEYUP 58 e0000001',
        'msg SYSKEYUP 12 e0000001',
      ]);
      expect(popups().length).toBe(0);

      // ALT+F, then X: File's Exit.
      emu.display.keyDown('ALT');
      emu.display.key('F');
      emu.display.keyUp('ALT');
      await emu.display.waitIdle();
      emu.display.key('X');
      const r = await emu.exited;
      expect(r.exitCode).toBe(0);
      expect(emu.stdout).toContain('msg COMMAND 102');
      expect(emu.stdout).toContain('done');
    } finally {
      await emu.kill();
    }
  }, 90_000);
});
