/**
 * The built-in window classes (BUTTON, STATIC) in the run's class table, and their window procedures
 * as guest-callable addresses: each procedure is a wmemu trap stub (like an export's), so GetClassInfo,
 * GetWindowLongW(GWL_WNDPROC), subclassing and CallWindowProcW work as on a device. The stub address
 * belongs to the calling process's dispatcher (builtinProc resolves it per machine when a window is
 * created).
 */
import type { ApiContext } from '../../core/api/context.js';
import { fn, type ApiDecl } from '../../core/api/declare.js';
import type { Gwes, WndClass } from '../wm.js';
import { buttonProc } from './button.js';
import { staticProc } from './static.js';
import { editProc } from './edit.js';
import { LIST_BUILTINS } from './list-classes.js';

/** CS_DBLCLKS | CS_PARENTDC, the class styles Windows gives both classes. */
const CS_BUILTIN = 0x0008 | 0x0080;

interface Builtin {
  name: string;
  atom: number;
  decl: ApiDecl;
  /** cbWndExtra (0 when absent). */
  extra?: number;
  style?: number;
}

const BUILTINS: Builtin[] = [
  { name: 'BUTTON', atom: 0x0080, decl: { ...fn('ButtonWndProc(handle hWnd, u32 Msg, hex wParam, hex lParam): i32', buttonProc), dll: 'wmemu' } },
  { name: 'STATIC', atom: 0x0082, decl: { ...fn('StaticWndProc(handle hWnd, u32 Msg, hex wParam, hex lParam): i32', staticProc), dll: 'wmemu' } },
  { name: 'EDIT', atom: 0x0081, decl: { ...fn('EditWndProc(handle hWnd, u32 Msg, hex wParam, hex lParam): i32', editProc), dll: 'wmemu' } },
  ...LIST_BUILTINS,
];
const declOf = new WeakMap<WndClass, ApiDecl>();

/**
 * A built-in class defined by another module (the menu classes of dlls/coredll/menus.ts), registered
 * with the others; called at module load.
 */
export function addBuiltinClass(b: Builtin): void {
  if (!BUILTINS.some((x) => x.name === b.name)) BUILTINS.push(b);
}

/** Adds BUTTON, STATIC and the classes of addBuiltinClass to the class table (once per run). */
export function registerBuiltinClasses(g: Gwes): void {
  for (const b of BUILTINS) {
    if (g.classes.has(b.name.toLowerCase())) continue;
    const cls: WndClass = {
      atom: b.atom || g.nextAtom++,
      name: b.name,
      proc: 0,
      style: b.style ?? CS_BUILTIN,
      cbClsExtra: 0,
      cbWndExtra: b.extra ?? 0,
      hInstance: 0,
      hbrBackground: 0,
    };
    declOf.set(cls, b.decl);
    g.classes.set(b.name.toLowerCase(), cls);
  }
}

/** The guest-callable address of a built-in class's window procedure in this process (undefined for other classes). */
export function builtinProc(cx: ApiContext, cls: WndClass): number | undefined {
  const decl = declOf.get(cls);
  if (!decl) return undefined;
  const addr = cx.machine.dispatcher.trapFor({ dll: 'wmemu', name: decl.name, decl });
  cls.proc ||= addr;
  return addr;
}

/** The class name of a dialog template's predefined control atom (0x80 BUTTON ... 0x85 COMBOBOX). */
export function atomClassName(atom: number): string | undefined {
  return ({ 0x80: 'BUTTON', 0x81: 'EDIT', 0x82: 'STATIC', 0x83: 'LISTBOX', 0x84: 'SCROLLBAR', 0x85: 'COMBOBOX' } as Record<number, string>)[atom];
}
