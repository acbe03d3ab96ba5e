/**
 * One GWES for the processes of a run (issue 14): xproc.exe starts itself as a child process whose
 * SendMessageW calls reach the parent's window on the parent's thread, with WM_SETTEXT, WM_GETTEXT,
 * WM_COPYDATA and EM_GETSEL data copied between the two address spaces (emulator/dlls/coredll/xproc.ts),
 * the same RegisterWindowMessageW id in both processes, and a send back to the blocked sender served
 * while it waits, SendMessageTimeout (in time and timed out), EnumWindows listing the other process's
 * window, and the window the child leaves behind gone with it. In the parent alone: IsChild, SetParent,
 * GetCursorPos/SetCursorPos, ClipCursor, MSG.pt and GetMessagePos, InSendMessage, window properties, class longs, monitors,
 * keybd_event, MapVirtualKeyW, MessageBeep (emulator/dlls/coredll/usermisc.ts).
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'xproc.exe');

describe('cross-process SendMessageW and shared window manager', () => {
  it('xproc.exe and its child pass every check', async () => {
    const r = await runExecutable(rom, { timeoutMs: 30_000 });
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('ok child:')).length).toBe(17);
    expect(lines.filter((l) => l.startsWith('ok ') && !l.startsWith('ok child:')).length).toBe(46);
    expect(r.stdout).toContain('child: 0 failures');
    expect(r.stdout).toContain('xproc: 0 failures');
    expect(r.exitCode).toBe(0);
  });
});
