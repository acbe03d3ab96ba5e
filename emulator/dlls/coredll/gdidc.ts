/**
 * coredll CreateDCW: device contexts for devices (CE 5/6 CreateDC page). CE's GDI has one display
 * driver and, optionally, printer drivers (DLLs such as pcl.dll loaded by name):
 * - lpszDriver NULL or "DISPLAY" (any case; pword.exe passes L"DISPLAY") gives a DC on the display: the
 *   whole screen, as GetDC(NULL), but created (DeleteDC frees it, ReleaseDC does not). lpszDevice is
 *   ignored (CE 2.0 and later); lpInitData is not read for the display.
 * - any other driver name is a printer driver DLL. wmemu runs no printer drivers: when the device image
 *   has no such DLL the call fails as CE's GDI does when loading the driver fails (NULL,
 *   ERROR_MOD_NOT_FOUND, LoadLibrary's error); when the image has one the run stops naming it
 *   (printing is not implemented).
 */
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import { ERROR } from '../../core/win32-errors.js';
import { Libraries } from '../../core/loader/libraries.js';
import { rect } from '../../gdi/region.js';
import { gwesOf } from '../../gwes/wm.js';

export const gdidc: ApiDef[] = [
  fn('CreateDCW(ptr lpszDriver, ptr lpszDevice, ptr lpszOutput, ptr lpInitData): handle', (cx, pDriver: number) => {
    const g = gwesOf(cx.machine);
    const driver = pDriver ? cx.mem.wstr(pDriver, 260) : '';
    if (!pDriver || driver.toUpperCase() === 'DISPLAY') {
      return g.gdi.newDc({
        hwnd: 0,
        kind: 'screen',
        devX: 0,
        devY: 0,
        vis: () => [rect(0, 0, g.screen.width, g.screen.height)],
        owned: false,
        owner: cx.machine,
      });
    }
    if (Libraries.of(cx.machine).findFile(driver)) throw new UnimplementedFeature(`printer driver "${driver}"`);
    return cx.fail(0, ERROR.MOD_NOT_FOUND);
  }),
];
