/**
 * Headless windowing: winmsg.exe exercises classes, windows, posted/sent messages (also across
 * threads), timers, WM_CLOSE/WM_DESTROY/WM_QUIT and MessageBoxW with the configured answer.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';

const ROOT = join(__dirname, '..', '..');
const rom = join(ROOT, 'roms', 'bin', 'winmsg.exe');

describe('windowing (winmsg.exe)', () => {
  it('every message reaches the window procedure; MessageBoxW answers ok/yes by default', async () => {
    const r = await runExecutable(rom);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('ok ')).length).toBeGreaterThanOrEqual(40);
    expect(r.stdout).toContain('msgbox=6'); // MB_YESNO answered IDYES
    expect(r.stderr).toContain('[MessageBox] winmsg: Proceed? -> IDYES');
    expect(r.debug).toContain('[MessageBox] winmsg: Proceed? -> IDYES');
    expect(r.stdout).toContain('winmsg: 0 failures');
    expect(r.exitCode).toBe(0);
  });
  it('messageBoxAnswer option', async () => {
    const r = await runExecutable(rom, { messageBoxAnswer: 'no' });
    expect(r.stdout).toContain('msgbox=7');
    expect(r.exitCode).toBe(0);
  });
  it('--msgbox-answer on the CLI', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli', 'main.js'), 'run', '--msgbox-answer', 'cancel', rom], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.stdout).toContain('msgbox=7'); // MB_YESNO has no Cancel button: cancel means No
    expect(r.stderr).toContain('-> IDNO');
    expect(r.status).toBe(0);
  });
});
