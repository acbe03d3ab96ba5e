/**
 * coredll registry change notifications (CE docs, "Registry Notification Functions"):
 * CeFindFirstRegChange, CeFindNextRegChange, CeFindCloseRegChange.
 *
 *  - CeFindFirstRegChange(hKey, bWatchSubtree, dwNotifyFilter): a waitable change-notification
 *    handle that becomes signaled when a change of the filter's classes happens in the key (or,
 *    with bWatchSubtree, in a key below it): REG_NOTIFY_CHANGE_NAME (1) a subkey added or deleted,
 *    REG_NOTIFY_CHANGE_LAST_SET (4) a value added, changed or deleted. It stays signaled until
 *    CeFindNextRegChange asks for the next change; a change in between is kept (the wait after it
 *    succeeds at once), as FindNextChangeNotification does for files. The changes seen are those the
 *    run's programs make through the registry functions (RegCreateKeyExW, RegSetValueExW,
 *    RegDeleteValueW, RegDeleteKeyW; regchanges.ts). Failures: INVALID_HANDLE_VALUE with a key
 *    handle that is not one: ERROR_INVALID_HANDLE; a filter with neither class: ERROR_INVALID_PARAMETER.
 *  - CeFindNextRegChange(h) / CeFindCloseRegChange(h): TRUE; a handle that is not a registry change
 *    notification: FALSE, ERROR_INVALID_HANDLE.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import type { RegKey } from '../../core/registry/registry.js';
import { ERROR } from '../../core/win32-errors.js';
import { onRegChange, REG_NOTIFY_CHANGE_LAST_SET, REG_NOTIFY_CHANGE_NAME } from './regchanges.js';
import { keyOf, registryOf } from './registry.js';
import { ChangeWaitable } from './changenotify.js';

const INVALID_HANDLE_VALUE = 0xffff_ffff;
const KNOWN = REG_NOTIFY_CHANGE_NAME | REG_NOTIFY_CHANGE_LAST_SET;

class RegChangeNotification extends ChangeWaitable {
  readonly type = 'reg-change-notification';
  constructor(
    readonly key: RegKey,
    readonly subtree: boolean,
    readonly filter: number,
  ) {
    super();
  }
  listen(stop: () => void): void {
    this.stop = stop;
  }
  changed(at: RegKey, change: number): void {
    if (!(change & this.filter)) return;
    let k: RegKey | undefined = at;
    while (this.subtree && k && k !== this.key) k = k.parent;
    if (k === this.key) this.fire();
  }
}

const notification = (cx: ApiContext, h: number) => cx.machine.handles.get<RegChangeNotification>(h, 'reg-change-notification');

export const regnotify: ApiDef[] = [
  fn('CeFindFirstRegChange(handle hKey, bool bWatchSubtree, hex dwNotifyFilter): handle', (cx, h: number, subtree: number, filter: number) => {
    const key = keyOf(cx, h);
    if (typeof key === 'number') return cx.fail(INVALID_HANDLE_VALUE, ERROR.INVALID_HANDLE);
    if (!(filter & KNOWN)) return cx.fail(INVALID_HANDLE_VALUE, ERROR.INVALID_PARAMETER);
    const n = new RegChangeNotification(key, subtree !== 0, filter & KNOWN);
    const handle = cx.machine.handles.add(n);
    if (!handle) return cx.fail(INVALID_HANDLE_VALUE, ERROR.NOT_ENOUGH_MEMORY);
    n.listen(onRegChange(registryOf(cx.machine), (at, change) => n.changed(at, change)));
    return handle;
  }),
  fn('CeFindNextRegChange(handle hChangeHandle): bool', (cx, h: number) => {
    const n = notification(cx, h);
    if (!n) return cx.fail(0, ERROR.INVALID_HANDLE);
    n.rearm();
    return 1;
  }),
  fn('CeFindCloseRegChange(handle hChangeHandle): bool', (cx, h: number) => {
    if (!notification(cx, h)) return cx.fail(0, ERROR.INVALID_HANDLE);
    cx.machine.handles.close(h);
    return 1;
  }),
];
