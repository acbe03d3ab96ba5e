/**
 * The registry's change feed (for CeFindFirstRegChange, regnotify.ts): the registry functions
 * (registry.ts) report each change they make here, with the key where it happened, the class of the
 * change (REG_NOTIFY_CHANGE_NAME 1 for a subkey added or deleted, REG_NOTIFY_CHANGE_LAST_SET 4 for a
 * value set or deleted) and the subkey or value name; the watchers of that registry hear it.
 */
import type { Registry, RegKey } from '../../core/registry/registry.js';

export const REG_NOTIFY_CHANGE_NAME = 1;
export const REG_NOTIFY_CHANGE_LAST_SET = 4;
/** FILE_ACTION_* as REG_NOTIFY_INFORMATION reports them. */
export const REG_ACTION = { ADDED: 1, REMOVED: 2, MODIFIED: 3 } as const;

export type RegChangeListener = (key: RegKey, change: number, action: number, name: string) => void;
const listeners = new WeakMap<Registry, Set<RegChangeListener>>();

export function onRegChange(reg: Registry, cb: RegChangeListener): () => void {
  let set = listeners.get(reg);
  if (!set) listeners.set(reg, (set = new Set()));
  set.add(cb);
  return () => set.delete(cb);
}

export function notifyRegChange(reg: Registry, key: RegKey, change: number, action: number, name: string): void {
  for (const cb of [...(listeners.get(reg) ?? [])]) cb(key, change, action, name);
}
