/**
 * The shell API's coredll entry points (the "I" functions aygshell.dll calls: SHSipPreferenceI,
 * SHDoneButtonI, SHSetNavBarTextI, SHGetAppKeyAssocI, SHSetAppKeyWndAssocI, SHCloseAppsI): calls into
 * the shell's API set, SH_SHELL, which the shell process (explorer.exe) serves.
 *
 * Reference: CE 6's coredll.dll from the corpus, disassembled with llvm-objdump. Each function asks
 * WaitForAPIReady(SH_SHELL, 0) (no wait); when the set is not ready it returns 0 (FALSE) without
 * touching the last error; when it is, it calls the set's method through the kernel trap, passing its
 * arguments unchanged, and returns what the method returns. The method numbers, from the trap
 * addresses (0xF1020000 - 4 * (85 << 8 | method)): SHCloseAppsI 37, SHSipPreferenceI 38, SHSetNavBarTextI
 * 41, SHDoneButtonI 42, SHGetAppKeyAssocI 28, SHSetAppKeyWndAssocI 29 (Shell_NotifyIcon is method 6,
 * desktop.ts).
 *
 * wmemu: SH_SHELL is ready from boot because wmemu stands in for the shell's tray (apisets.ts), but the
 * stand-in serves none of these methods, so while no guest shell has registered SH_SHELL they answer
 * as coredll does on a device whose shell has not registered its set: 0. Once a guest shell has
 * registered SH_SHELL (apisets.ts: it takes the index over), a call from the shell's own process runs
 * the method in that process (the server's method table, its arguments unchanged); a call from another
 * process of the run would need a call into another process, which wmemu does not make: it stops the
 * run naming itself.
 */
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import type { Returns } from '../../core/api/declare.js';
import { guestServer, shShell } from './apisets.js';

/** Calls SH_SHELL's method `m` with `args` as coredll's thunk does (module comment). */
function shellCall(cx: ApiContext, name: string, m: number, args: number[]): Returns<'u32'> {
  const server = guestServer(cx, shShell(cx));
  if (!server) return 0;
  const at = server.method(m);
  if (server.server !== cx.machine) throw new UnimplementedFeature(`${name}: SH_SHELL method ${m} served by another process (${server.name})`);
  if (!at) throw new UnimplementedFeature(`${name}: SH_SHELL method ${m} missing from the server's table of ${server.methods}`);
  return cx.callGuest(at, args, (r0) => r0 >>> 0) as Returns<'u32'>;
}

export const shellapi: ApiDef[] = [
  fn('SHSipPreferenceI(handle hwnd, u32 st): u32', (cx, hwnd: number, st: number) => shellCall(cx, 'SHSipPreferenceI', 38, [hwnd, st])),
  fn('SHDoneButtonI(handle hwnd, u32 dwState): u32', (cx, hwnd: number, st: number) => shellCall(cx, 'SHDoneButtonI', 42, [hwnd, st])),
  fn('SHSetNavBarTextI(handle hwnd, ptr pszText): u32', (cx, hwnd: number, text: number) => shellCall(cx, 'SHSetNavBarTextI', 41, [hwnd, text])),
  fn('SHCloseAppsI(u32 dwMemSought): u32', (cx, mem: number) => shellCall(cx, 'SHCloseAppsI', 37, [mem])),
  fn('SHGetAppKeyAssocI(ptr ptszApp): u32', (cx, app: number) => shellCall(cx, 'SHGetAppKeyAssocI', 28, [app])),
  fn('SHSetAppKeyWndAssocI(u32 bVk, handle hwnd): u32', (cx, vk: number, hwnd: number) => shellCall(cx, 'SHSetAppKeyWndAssocI', 29, [vk, hwnd])),
];
