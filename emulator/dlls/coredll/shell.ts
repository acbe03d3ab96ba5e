/**
 * coredll's shell-folder query: SHGetSpecialFolderPath (ShellExecuteEx is in shellexec.ts).
 *
 * SHGetSpecialFolderPath answers from HKLM\System\Explorer\Shell Folders (the value names a CE image
 * sets: "My Documents", "Programs", "StartUp", ...) and, for folders that key does not name, the
 * standard CE paths (\Windows\Start Menu\Programs, \My Documents, \Program Files, ...). The folder
 * exists on a device (the image creates them), so it is created here when missing. An unknown CSIDL
 * is FALSE with ERROR_INVALID_PARAMETER.

 */
import { mkdirSync } from 'node:fs';
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { deviceFsOf } from '../../core/fs/device-fs.js';
import { REG } from '../../core/registry/registry.js';
import { ERROR } from '../../core/win32-errors.js';
import { registryOf } from './registry.js';

const MAX_PATH = 260;
const CSIDL_FLAG_CREATE = 0x8000;

/** CSIDL -> (value name in Shell Folders, the CE default path). */
const FOLDERS: Record<number, [string | undefined, string]> = {
  0x00: ['Desktop', '\\Windows\\Desktop'],
  0x02: ['Programs', '\\Windows\\Start Menu\\Programs'],
  0x05: ['My Documents', '\\My Documents'],
  0x06: ['Favorites', '\\Windows\\Favorites'],
  0x07: ['StartUp', '\\Windows\\StartUp'],
  0x08: ['Recent', '\\Windows\\Recent'],
  0x0b: ['Start Menu', '\\Windows\\Start Menu'],
  0x0d: [undefined, '\\My Documents\\My Music'],
  0x0e: [undefined, '\\My Documents\\My Videos'],
  0x10: ['Desktop', '\\Windows\\Desktop'],
  0x14: ['Fonts', '\\Windows\\Fonts'],
  0x15: [undefined, '\\Windows\\Templates'],
  0x1a: ['Application Data', '\\Application Data'],
  0x24: ['Windows', '\\Windows'],
  0x26: ['Program Files', '\\Program Files'],
  0x27: [undefined, '\\My Documents\\My Pictures'],
};

export function regString(cx: ApiContext, path: string, name: string): string | undefined {
  const v = registryOf(cx.machine).byFullPath(path, false)?.value(name);
  return v && (v.type === REG.SZ || v.type === REG.EXPAND_SZ) ? v.data.toString('utf16le').replace(/\0.*$/s, '') : undefined;
}

/** Creates a device folder and its parents (each component resolved case-insensitively). */
export function ensureFolder(cx: ApiContext, path: string): boolean {
  const fs = deviceFsOf(cx.machine);
  let at = '';
  for (const part of path.split('\\').filter(Boolean)) {
    at += `\\${part}`;
    const r = fs.resolve(at);
    if (!r.ok) return false;
    if (r.exists) {
      if (!r.stat!.isDirectory()) return false;
      continue;
    }
    try {
      mkdirSync(r.host);
    } catch {
      return false;
    }
  }
  return true;
}

function specialFolder(cx: ApiContext, csidl: number): string | undefined {
  const f = FOLDERS[csidl & ~CSIDL_FLAG_CREATE];
  if (!f) return undefined;
  return (f[0] && regString(cx, 'HKEY_LOCAL_MACHINE\\System\\Explorer\\Shell Folders', f[0])) || f[1];
}

export const shell: ApiDef[] = [
  fn('SHGetSpecialFolderPath(handle hwndOwner, ptr lpszPath, i32 nFolder, bool fCreate): bool', (cx, _hwnd: number, out: number, csidl: number) => {
    const path = specialFolder(cx, csidl);
    if (path === undefined) return cx.fail(0, ERROR.INVALID_PARAMETER);
    cx.mem.check(out, MAX_PATH * 2, 'write');
    if (!ensureFolder(cx, path)) return cx.fail(0, ERROR.PATH_NOT_FOUND);
    cx.mem.writeWstr(out, path);
    return 1;
  }),
];
