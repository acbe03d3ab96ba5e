/**
 * coredll process-handle helpers: DuplicateHandle, OpenProcess.
 *
 * A CE handle refers to a kernel object; a duplicate within the process is one more reference to
 * it. Here a duplicate is the same handle value with a second reference (CloseHandle of either drops
 * one; the object goes with the last), which is what a program can observe: both handles work,
 * independently closable. The pseudo-handles GetCurrentThread()/GetCurrentProcess() duplicate into
 * the real handle of the thread/process (the usual way to hand one's own thread to another thread).
 * DUPLICATE_CLOSE_SOURCE closes the source (a NULL lpTargetHandle just closes it, as Win32
 * documents). Duplicating into or out of another process is not implemented: that stops the run,
 * naming it. A bad source handle is ERROR_INVALID_HANDLE.
 *
 * OpenProcess: the process ID of a CE process is its handle value (processes.ts); this process and
 * the children it started can be opened (another reference), any other ID is ERROR_INVALID_PARAMETER
 * as on Win32.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { CURRENT_PROCESS_PSEUDO, CURRENT_THREAD_PSEUDO } from '../../core/kernel/handles.js';
import { EXIT_CODES } from '../../core/run-result.js';
import { ERROR } from '../../core/win32-errors.js';
import { closeDeviceFile, deviceFileOf } from './devfile.js';

const DUPLICATE_CLOSE_SOURCE = 0x1;

export const duplicate: ApiDef[] = [
  fn(
    'DuplicateHandle(handle hSourceProcessHandle, handle hSourceHandle, handle hTargetProcessHandle, ptr lpTargetHandle, hex dwDesiredAccess, bool bInheritHandle, hex dwOptions): bool',
    (cx, sp: number, sh: number, tp: number, out: number, _access: number, _inherit: number, options: number) => {
      const self = (h: number) => h === CURRENT_PROCESS_PSEUDO || h === cx.machine.processId;
      if (!self(sp) || (out && !self(tp))) {
        cx.machine.abort('unimplemented', EXIT_CODES.unimplemented, 'COREDLL.dll!DuplicateHandle: duplicating a handle between processes is not implemented');
        return cx.block(() => {});
      }
      const pseudo = sh === CURRENT_THREAD_PSEUDO || sh === CURRENT_PROCESS_PSEUDO;
      const h = sh === CURRENT_THREAD_PSEUDO ? cx.thread.id : sh === CURRENT_PROCESS_PSEUDO ? cx.machine.processId : sh >>> 0;
      const table = cx.machine.handles;
      if (!table.get(h)) return cx.fail(0, ERROR.INVALID_HANDLE);
      const closeSource = (options & DUPLICATE_CLOSE_SOURCE) !== 0 && !pseudo;
      if (!out) {
        if (!closeSource) return 1;
        const dev = deviceFileOf(cx, h);
        if (dev) return closeDeviceFile(cx, h, dev); // a stream driver's XXX_Close runs (devfile.ts)
        table.close(h);
        return 1;
      }
      cx.mem.check(out, 4, 'write');
      // With DUPLICATE_CLOSE_SOURCE the source's reference passes to the duplicate.
      if (!closeSource) table.ref(h);
      cx.mem.setU32(out, h);
      return 1;
    },
  ),
  fn('OpenProcess(hex dwDesiredAccess, bool bInheritHandle, u32 dwProcessId): handle', (cx, _access: number, _inherit: number, pid: number) => {
    const table = cx.machine.handles;
    if (pid >>> 0 !== cx.machine.processId && !table.get(pid, 'process')) return cx.fail(0, ERROR.INVALID_PARAMETER);
    table.ref(pid);
    return pid >>> 0;
  }),
];
