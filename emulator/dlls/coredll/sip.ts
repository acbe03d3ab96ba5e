/**
 * coredll's input panel (SIP) calls on a device without an input panel: wmemu has no SIP (as
 * ImmSIPanelState in imm.ts says), so the panel is reported unavailable and the calls that need it fail
 * the way the CE 5/6 reference pages give for an unavailable panel: SipStatus() is SIP_STATUS_UNAVAILABLE
 * (0); SipGetInfo, SipSetInfo and SipShowIM are FALSE with ERROR_NOT_SUPPORTED (the same answer as
 * ImmSIPanelState). Callers such as the shell's file dialog (ceshell.dll) then lay out for the whole
 * screen.
 *
 * SipEnumIM follows CE 6's coredll.dll (disassembled): every SIP call first opens the input panel driver
 * ("SIP0:", CreateFileW, the handle cached); SipEnumIM with no such driver sets ERROR_GEN_FAILURE and
 * returns -1 (its initial result) without calling the enumeration callback. SipSetDefaultRect checks its
 * RECT first (16 readable bytes, else ERROR_INVALID_PARAMETER, FALSE), then fails the same way (ERROR_GEN_FAILURE,
 * FALSE). wmemu has no SIP0: driver.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { ERROR } from '../../core/win32-errors.js';

const SIP_STATUS_UNAVAILABLE = 0;

export const sip: ApiDef[] = [
  fn('SipStatus(): u32', () => SIP_STATUS_UNAVAILABLE),
  fn('SipGetInfo(ptr pSipInfo): bool', (cx) => cx.fail(0, ERROR.NOT_SUPPORTED)),
  fn('SipSetInfo(ptr pSipInfo): bool', (cx) => cx.fail(0, ERROR.NOT_SUPPORTED)),
  fn('SipShowIM(hex dwFlag): bool', (cx) => cx.fail(0, ERROR.NOT_SUPPORTED)),
  fn('SipEnumIM(ptr pEnumIMProc): i32', (cx) => cx.fail(-1, ERROR.GEN_FAILURE)),
  fn('SipSetDefaultRect(ptr pRect): bool', (cx, p: number) => cx.fail(0, p && cx.mem.isUserRange(p, 16, 'read') ? ERROR.GEN_FAILURE : ERROR.INVALID_PARAMETER)),
];
