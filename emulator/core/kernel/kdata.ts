/**
 * The KData page at 0xFFFFC800 (PUserKData), which CE code reads directly: the MSVC CE runtime's
 * TlsGetValue inline, GetCurrentThreadId()/GetCurrentProcessId() macros (kfuncs.h), ...
 *
 *   +0x000 lpvTls                 current thread's TLS slot array
 *   +0x004 ahSys[NUM_SYS_HANDLES] system handles; [SH_CURTHREAD=1] at +0x008, [SH_CURPROC=2] at +0x00C
 *   +0x090 pCurPrc, +0x094 pCurThd (kernel pointers: left 0)
 *   +0x300 aInfo[32]              misc kernel info
 */
import { PROT_R, type GuestMemory } from '../memory/guest-memory.js';
import type { GuestThread } from './thread.js';

export const KDATA_PAGE = 0xffff_c000;
export const KDATA = 0xffff_c800;
const OFF = KDATA - KDATA_PAGE;
export const KDATA_LPVTLS = 0x000;
export const KDATA_CURTHREAD = 0x008;
export const KDATA_CURPROC = 0x00c;

export class KData {
  private readonly page: Buffer;
  constructor(mem: GuestMemory, processId: number) {
    this.page = mem.mapHigh(KDATA_PAGE, 0x1000, PROT_R);
    this.page.writeUInt32LE(processId, OFF + KDATA_CURPROC);
  }
  /** The dword at `offset` from KDATA (what `__GetUserKData(offset)` returns); 0 outside the page. */
  read(offset: number): number {
    const at = OFF + offset;
    return offset % 4 === 0 && at >= 0 && at + 4 <= this.page.length ? this.page.readUInt32LE(at) : 0;
  }
  activate(t: GuestThread): void {
    this.page.writeUInt32LE(t.tlsArray, OFF + KDATA_LPVTLS);
    this.page.writeUInt32LE(t.id, OFF + KDATA_CURTHREAD);
  }
}
