/**
 * The list controls' entries in the built-in class table (classes.ts): LISTBOX (atom 0x83), SCROLLBAR
 * (0x84), COMBOBOX (0x85) and ComboLBox, the class of a combo box's drop-down list (a string atom, as
 * on Windows).
 */
import { fn, type ApiDecl } from '../../core/api/declare.js';
import { comboBoxProc, comboLBoxProc } from './combobox.js';
import { listBoxProc } from './listbox.js';
import { scrollBarProc } from './scrollbar.js';

export const LIST_BUILTINS: { name: string; atom: number; decl: ApiDecl }[] = [
  { name: 'LISTBOX', atom: 0x0083, decl: { ...fn('ListBoxWndProc(handle hWnd, u32 Msg, hex wParam, hex lParam): i32', listBoxProc), dll: 'wmemu' } },
  { name: 'SCROLLBAR', atom: 0x0084, decl: { ...fn('ScrollBarWndProc(handle hWnd, u32 Msg, hex wParam, hex lParam): i32', scrollBarProc), dll: 'wmemu' } },
  { name: 'COMBOBOX', atom: 0x0085, decl: { ...fn('ComboBoxWndProc(handle hWnd, u32 Msg, hex wParam, hex lParam): i32', comboBoxProc), dll: 'wmemu' } },
  { name: 'ComboLBox', atom: 0, decl: { ...fn('ComboLBoxWndProc(handle hWnd, u32 Msg, hex wParam, hex lParam): i32', comboLBoxProc), dll: 'wmemu' } },
];
