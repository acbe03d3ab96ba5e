/**
 * coredll's TAPI line functions (tapi.h; coredll forwards them to the TAPI service of tapi.dll) as a
 * device that has TAPI and no line device: the CE 6 image has tapi.dll and unimodem.dll, but
 * unimodem's lines are modems on serial ports, and a wmemu run has no serial port, so the TAPI
 * service finds no line device. Reference: the TAPI 2.x line function reference (the return values
 * and LINEERR_* codes each documents):
 * - lineInitialize succeeds (0), gives a line application handle and *lpdwNumDevs = 0; NULL
 *   lphLineApp or lpdwNumDevs: LINEERR_INVALPOINTER.
 * - lineShutdown of that handle: 0 (the handle is gone); of anything else: LINEERR_INVALAPPHANDLE.
 * - A call naming a device ID (lineNegotiateAPIVersion, lineGetDevCaps, lineOpen,
 *   lineTranslateAddress, lineTranslateDialog, lineGetDevConfig, lineSetDevConfig,
 *   lineConfigDialogEdit): every ID is at least the device count: LINEERR_BADDEVICEID (after
 *   LINEERR_INVALAPPHANDLE where the call takes an application handle).
 * - No lineOpen or call can have succeeded, so a call on a line handle fails with
 *   LINEERR_INVALLINEHANDLE, on a call handle with LINEERR_INVALCALLHANDLE (lineGetID by its
 *   dwSelect: LINECALLSELECT_LINE/ADDRESS a line, _CALL a call, another value
 *   LINEERR_INVALCALLSELECT).
 * lineGetTranslateCaps (dialing locations, which exist without line devices): tapiloc.ts.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';

const LINEERR_BADDEVICEID = 0x80000002;
const LINEERR_INVALAPPHANDLE = 0x80000014;
const LINEERR_INVALCALLHANDLE = 0x80000018;
const LINEERR_INVALCALLSELECT = 0x8000001b;
const LINEERR_INVALLINEHANDLE = 0x8000002b;
const LINEERR_INVALPOINTER = 0x80000035;

const LINECALLSELECT_LINE = 1;
const LINECALLSELECT_ADDRESS = 2;
const LINECALLSELECT_CALL = 4;

function isLineApp(cx: ApiContext, h: number): boolean {
  return cx.machine.handles.get(h, 'lineapp') !== undefined;
}

/** Calls on a device ID: an application handle first when the call takes one. */
const deviceCall = (cx: ApiContext, hLineApp: number) => (isLineApp(cx, hLineApp) ? LINEERR_BADDEVICEID : LINEERR_INVALAPPHANDLE);
const noLine = () => LINEERR_INVALLINEHANDLE;
const noCall = () => LINEERR_INVALCALLHANDLE;

export const tapi: ApiDef[] = [
  fn(
    'lineInitialize(ptr lphLineApp, handle hInstance, ptr lpfnCallback, wstr lpszAppName, ptr lpdwNumDevs): hex',
    (cx, pApp: number, _inst: number, _cb: number, _name: number, pNum: number) => {
      if (!pApp || !pNum) return LINEERR_INVALPOINTER;
      cx.mem.check(pApp, 4, 'write');
      cx.mem.check(pNum, 4, 'write');
      const h = cx.machine.handles.add({ type: 'lineapp' });
      cx.mem.setU32(pApp, h);
      cx.mem.setU32(pNum, 0);
      return 0;
    },
  ),
  fn('lineShutdown(handle hLineApp): hex', (cx, h: number) => {
    if (!isLineApp(cx, h)) return LINEERR_INVALAPPHANDLE;
    cx.machine.handles.close(h);
    return 0;
  }),
  fn(
    'lineNegotiateAPIVersion(handle hLineApp, u32 dwDeviceID, hex dwAPILowVersion, hex dwAPIHighVersion, ptr lpdwAPIVersion, ptr lpExtensionID): hex',
    (cx, h: number) => deviceCall(cx, h),
  ),
  fn('lineGetDevCaps(handle hLineApp, u32 dwDeviceID, hex dwAPIVersion, hex dwExtVersion, ptr lpLineDevCaps): hex', (cx, h: number) => deviceCall(cx, h)),
  fn(
    'lineOpen(handle hLineApp, u32 dwDeviceID, ptr lphLine, hex dwAPIVersion, hex dwExtVersion, u32 dwCallbackInstance, hex dwPrivileges, hex dwMediaModes, ptr lpCallParams): hex',
    (cx, h: number) => deviceCall(cx, h),
  ),
  fn(
    'lineTranslateAddress(handle hLineApp, u32 dwDeviceID, hex dwAPIVersion, wstr lpszAddressIn, u32 dwCard, hex dwTranslateOptions, ptr lpTranslateOutput): hex',
    (cx, h: number) => deviceCall(cx, h),
  ),
  fn('lineTranslateDialog(handle hLineApp, u32 dwDeviceID, hex dwAPIVersion, handle hwndOwner, wstr lpszAddressIn): hex', (cx, h: number) => deviceCall(cx, h)),
  fn('lineGetDevConfig(u32 dwDeviceID, ptr lpDeviceConfig, wstr lpszDeviceClass): hex', () => LINEERR_BADDEVICEID),
  fn('lineSetDevConfig(u32 dwDeviceID, ptr lpDeviceConfig, u32 dwSize, wstr lpszDeviceClass): hex', () => LINEERR_BADDEVICEID),
  fn(
    'lineConfigDialogEdit(u32 dwDeviceID, handle hwndOwner, wstr lpszDeviceClass, ptr lpDeviceConfigIn, u32 dwSize, ptr lpDeviceConfigOut): hex',
    () => LINEERR_BADDEVICEID,
  ),
  fn('lineClose(handle hLine): hex', noLine),
  fn('lineMakeCall(handle hLine, ptr lphCall, wstr lpszDestAddress, u32 dwCountryCode, ptr lpCallParams): hex', noLine),
  fn('lineSetStatusMessages(handle hLine, hex dwLineStates, hex dwAddressStates): hex', noLine),
  fn(
    'lineGetID(handle hLine, u32 dwAddressID, handle hCall, hex dwSelect, ptr lpDeviceID, wstr lpszDeviceClass): hex',
    (_cx, _l: number, _a: number, _c: number, select: number) =>
      select === LINECALLSELECT_CALL
        ? LINEERR_INVALCALLHANDLE
        : select === LINECALLSELECT_LINE || select === LINECALLSELECT_ADDRESS
          ? LINEERR_INVALLINEHANDLE
          : LINEERR_INVALCALLSELECT,
  ),
  fn('lineAnswer(handle hCall, ptr lpsUserUserInfo, u32 dwSize): hex', noCall),
  fn('lineDrop(handle hCall, ptr lpsUserUserInfo, u32 dwSize): hex', noCall),
  fn('lineDeallocateCall(handle hCall): hex', noCall),
  fn('lineGetCallInfo(handle hCall, ptr lpCallInfo): hex', noCall),
  fn('lineSetCallParams(handle hCall, hex dwBearerMode, u32 dwMinRate, u32 dwMaxRate, ptr lpDialParams): hex', noCall),
  fn('lineSetMediaMode(handle hCall, hex dwMediaModes): hex', noCall),
];
