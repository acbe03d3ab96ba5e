/**
 * Posting a message to a window from a layer that may not import the window manager's DLL: the
 * Winsock layer's WSAAsyncSelect (and later WSAAsyncGetHostByName) posts its notifications through
 * this hook, from host callbacks as well as from API calls. The window manager (emulator/gwes/wm.ts)
 * registers the implementation when its module loads; without one, no window exists.
 */
import type { Machine } from './machine.js';

/** 'posted'; 'no-window' (not a window, or destroyed); 'full' (the owner's queue is at its limit). */
export type PostResult = 'posted' | 'no-window' | 'full';

export interface WindowPoster {
  /** True while `hwnd` names a live window of `m`'s run. */
  isWindow(m: Machine, hwnd: number): boolean;
  /** PostMessage semantics: queued on the window's thread, the thread woken if waiting. */
  post(m: Machine, hwnd: number, msg: number, wParam: number, lParam: number): PostResult;
}

let poster: WindowPoster | undefined;

/** Called once by the window manager. */
export function registerWindowPoster(p: WindowPoster): void {
  poster = p;
}

export function isWindow(m: Machine, hwnd: number): boolean {
  return poster !== undefined && hwnd !== 0 && poster.isWindow(m, hwnd);
}

export function postWindowMessage(m: Machine, hwnd: number, msg: number, wParam: number, lParam: number): PostResult {
  return poster ? poster.post(m, hwnd, msg, wParam, lParam) : 'no-window';
}
