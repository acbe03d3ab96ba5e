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
 * OpenProcess: process IDs are one number per process across the run (processes.ts runProcesses):
 * this process (its ID is its own process handle: another reference) and every running child process
 * of the run, whoever started it (a new handle to it, as CE 6 returns), can be opened; any other ID,
 * the ID of a child that has ended included, is ERROR_INVALID_PARAMETER as on Win32. Not modelled:
 * a child opening the run's first process.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { CURRENT_PROCESS_PSEUDO, CURRENT_THREAD_PSEUDO } from '../../core/kernel/handles.js';
import { EXIT_CODES } from '../../core/run-result.js';
import { ERROR } from '../../core/win32-errors.js';
import { closeDeviceFile, deviceFileOf } from './devfile.js';
import { runProcesses } from './processes.js';

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
    if (pid >>> 0 === cx.machine.processId) {
      table.ref(pid);
      return pid >>> 0;
    }
    // Another running process of the run (processes.ts runProcesses): a new handle of this table to it.
    const other = runProcesses(cx.machine.runState).get(pid >>> 0);
    if (!other) return cx.fail(0, ERROR.INVALID_PARAMETER);
    return table.add(other) || cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
  }),
];
