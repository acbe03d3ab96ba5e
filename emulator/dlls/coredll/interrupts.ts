/**
 * coredll interrupt calls for drivers (CE docs "Interrupt Functions"; nkintr.h SYSINTR_* values) on a
 * device whose OAL routes no IRQ to a SYSINTR: wmemu emulates no interrupt controller and no device
 * that raises interrupts, so the kernel never allocates a device SYSINTR.
 *
 *  - KernelIoControl(IOCTL_HAL_REQUEST_SYSINTR) (device.ts) fails: the OAL finds no SYSINTR for the
 *    IRQ (FALSE, ERROR_INVALID_PARAMETER, the output set to SYSINTR_UNDEFINED when it is there), and
 *    IOCTL_HAL_RELEASE_SYSINTR of any value fails the same way (nothing was allocated).
 *  - InterruptInitialize(idInt, hEvent, pvData, cbData): a SYSINTR below SYSINTR_DEVICES (8) or at or
 *    above SYSINTR_MAXIMUM (72), or hEvent not an event: FALSE, ERROR_INVALID_PARAMETER (the kernel's
 *    checks). A device SYSINTR in range: the kernel asks OEMInterruptEnable, which knows no IRQ for it
 *    and fails; InterruptInitialize returns FALSE with ERROR_INVALID_PARAMETER (what CE 6's
 *    INTRInitialize sets when the OAL refuses). So no event is ever bound to a SYSINTR.
 *  - InterruptDone / InterruptDisable / InterruptMask return nothing; with no SYSINTR ever
 *    initialized there is nothing to re-enable, disable or mask (the OAL ignores unmapped SYSINTRs).
 *  - SetInterruptEvent(idInt): signals the event bound to a device SYSINTR; none is ever bound:
 *    FALSE, ERROR_INVALID_PARAMETER (SC_SetInterruptEvent's answer for an unbound or out-of-range id).
 *  - LoadIntChainHandler(lpFilename, lpszFunctionName, bIRQ): installs an ISR DLL in the kernel's
 *    interrupt chain for bIRQ. NULL names: NULL, ERROR_INVALID_PARAMETER. Otherwise the kernel
 *    cannot hook the IRQ (no interrupt controller: the OAL's hook fails): NULL, ERROR_NOT_SUPPORTED.
 *  - FreeIntChainHandler(hInstance): no chain handler is ever installed: FALSE, ERROR_INVALID_HANDLE.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';

export const SYSINTR_DEVICES = 8;
export const SYSINTR_MAXIMUM = 72;
export const SYSINTR_UNDEFINED = 0xffff_ffff;

function validSysintr(id: number): boolean {
  return id >>> 0 >= SYSINTR_DEVICES && id >>> 0 < SYSINTR_MAXIMUM;
}

/** IOCTL_HAL_REQUEST_SYSINTR (KernelIoControl): the OAL has no SYSINTR for any IRQ. */
export function requestSysintr(cx: ApiContext, inp: number, inSize: number, out: number, outSize: number): number {
  if (!inp || inSize < 4 || !out || outSize < 4) return cx.fail(0, ERROR.INVALID_PARAMETER);
  cx.mem.setU32(out, SYSINTR_UNDEFINED);
  return cx.fail(0, ERROR.INVALID_PARAMETER);
}

export const interrupts: ApiDef[] = [
  fn('InterruptInitialize(u32 idInt, handle hEvent, ptr pvData, u32 cbData): bool', (cx, id: number, ev: number) => {
    if (!validSysintr(id) || !cx.machine.handles.get(ev, 'event')) return cx.fail(0, ERROR.INVALID_PARAMETER);
    return cx.fail(0, ERROR.INVALID_PARAMETER); // OEMInterruptEnable: no IRQ behind this SYSINTR
  }),
  fn('InterruptDone(u32 idInt): void', () => undefined),
  fn('InterruptDisable(u32 idInt): void', () => undefined),
  fn('InterruptMask(u32 idInt, bool fDisable): void', () => undefined),
  fn('SetInterruptEvent(u32 idInt): bool', (cx) => cx.fail(0, ERROR.INVALID_PARAMETER)),
  fn('LoadIntChainHandler(wstr lpFilename, wstr lpszFunctionName, u32 bIRQ): handle', (cx, file: number, func: number) => {
    if (!file || !func) return cx.fail(0, ERROR.INVALID_PARAMETER);
    return cx.fail(0, ERROR.NOT_SUPPORTED);
  }),
  fn('FreeIntChainHandler(handle hInstance): bool', (cx) => cx.fail(0, ERROR.INVALID_HANDLE)),
];
