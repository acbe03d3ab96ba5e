/**
 * ce6 msmsgs.exe (Windows Messenger; corpus, skipped without it) started on its own reaches its main
 * window and message loop. Its stops before (issue 12/14), each a general mechanism:
 *  - WSAIoctl(SIO_ADDRESS_LIST_CHANGE) on its non-blocking socket: WSAEWOULDBLOCK, not WSAEINVAL (RTC's
 *    SIP stack failed its init) — winsock-shim/wsaioctl.ts, roms/src/ws_ioctl.c;
 *  - HKLM\Ident\Name from common.reg's localized macro (RtcGetUserName failed) — device-registry.ts;
 *  - Shell_NotifyIcon(NIM_ADD) with no shell running: the stand-in tray takes the icon (a FALSE made it
 *    retry its start-up and trip its own ASSERT(NULL == m_pBLO)) — coredll/desktop.ts, roms/src/shelldesk.c.
 * Runs on a copy of the device files (the program writes its settings; the corpus is never written).
 */
import { describe, it, expect } from 'vitest';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start } from '../../emulator/system/session.js';
import { mergeDeviceRegistry } from '../../emulator/system/compat/device-registry.js';

const CE6 = join(__dirname, '..', '..', '..', 'shared', 'corpus', 'ce6');
const has = existsSync(join(CE6, 'registry')) && existsSync(join(CE6, 'fs', 'Windows', 'msmsgs.exe'));

describe.skipIf(!has)('msmsgs.exe (corpus ce6)', () => {
  it('starts without a shell, puts its tray icon in and shows "Windows Messenger"', async () => {
    const root = mkdtempSync(join(tmpdir(), 'wmemu-msmsgs-'));
    try {
      cpSync(join(CE6, 'fs'), root, { recursive: true });
      const reg = join(root, 'device.reg');
      writeFileSync(reg, mergeDeviceRegistry(join(CE6, 'registry')).text);
      const emu = await start(join(root, 'Windows', 'msmsgs.exe'), {
        deviceRoot: root,
        registryFile: reg,
        osVersion: 6,
        deterministic: true,
        timeoutMs: 120_000,
        trace: 'Shell_NotifyIcon,WSAIoctl,MessageBoxW',
      });
      let done: Awaited<typeof emu.exited> | undefined;
      void emu.exited.then((d) => (done = d));
      const main = emu.display.window({ title: /^Windows Messenger/ });
      await main.waitFor({ timeout: 90_000 });
      expect(done?.message ?? 'still running').toBe('still running');
      const add = emu.trace.filter((t) => t.name === 'Shell_NotifyIcon' && t.ret !== undefined);
      expect(add.length).toBeGreaterThan(0);
      expect(add[0]!.ret).toBe(true);
      const ioctl = emu.trace.filter((t) => t.name === 'WSAIoctl' && t.ret !== undefined);
      expect(ioctl.length).toBeGreaterThan(0);
      expect(emu.trace.some((t) => t.name === 'MessageBoxW')).toBe(false);
      await emu.kill();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 150_000);
});
