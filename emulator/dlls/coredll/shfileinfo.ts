/**
 * coredll SHGetFileInfo (CE 5/6 reference page; the Win32 contract for the flags CE has): fills a
 * SHFILEINFO (hIcon, iIcon, dwAttributes, szDisplayName[260], szTypeName[80]: 692 bytes) for a path.
 *
 * - SHGFI_DISPLAYNAME (0x200): the name the shell shows, the last component of the path (CE's explorer
 *   shows file names with their extension).
 * - SHGFI_TYPENAME (0x400): the type's description: a folder is "Folder"; a file of extension .x takes the
 *   default value of HKCR\<progid> where HKCR\.x names the progid; otherwise "X File", as the shell
 *   names unregistered types.
 * - SHGFI_ATTRIBUTES (0x800): SFGAO_FOLDER for a folder, 0 for a file (no other shell attributes).
 * - SHGFI_USEFILEATTRIBUTES (0x10): the path need not exist; dwFileAttributes says whether it is a folder.
 *   Otherwise a path that does not exist fails (0).
 * - Icons (SHGFI_ICON, SHGFI_SYSICONINDEX, ...) and SHGFI_PIDL need the shell's image lists and item
 *   ids and stop the run naming the flags.
 * Result: nonzero (1) on success, 0 on failure.
 */
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { deviceFsOf } from '../../core/fs/device-fs.js';
import { REG } from '../../core/registry/registry.js';
import { registryOf } from './registry.js';

const SHGFI = { USEFILEATTRIBUTES: 0x10, DISPLAYNAME: 0x200, TYPENAME: 0x400, ATTRIBUTES: 0x800 } as const;
const HANDLED = SHGFI.USEFILEATTRIBUTES | SHGFI.DISPLAYNAME | SHGFI.TYPENAME | SHGFI.ATTRIBUTES;
const FILE_ATTRIBUTE_DIRECTORY = 0x10;
const SFGAO_FOLDER = 0x20000000;
const SHFILEINFO_SIZE = 692;

function classesString(cx: ApiContext, key: string): string | undefined {
  const v = registryOf(cx.machine).byFullPath(`HKEY_CLASSES_ROOT\\${key}`, false)?.value('');
  return v && (v.type === REG.SZ || v.type === REG.EXPAND_SZ) ? v.data.toString('utf16le').replace(/\0.*$/s, '') : undefined;
}

/** The shell's type name of a file name (or a folder). */
export function typeName(cx: ApiContext, name: string, folder: boolean): string {
  if (folder) return 'Folder';
  const dot = name.lastIndexOf('.');
  if (dot < 0) return 'File';
  const ext = name.slice(dot);
  const progid = classesString(cx, ext);
  return (progid && classesString(cx, progid)) || `${ext.slice(1).toUpperCase()} File`;
}

export const shfileinfo: ApiDef[] = [
  fn(
    'SHGetFileInfo(ptr pszPath, hex dwFileAttributes, ptr psfi, u32 cbFileInfo, hex uFlags): u32',
    (cx, pPath: number, attrs: number, psfi: number, cb: number, flags: number) => {
      if (flags & ~HANDLED) throw new UnimplementedFeature(`flags 0x${(flags & ~HANDLED).toString(16)}`);
      if (!pPath) return 0;
      const path = cx.mem.wstr(pPath, 260);
      let folder: boolean;
      if (flags & SHGFI.USEFILEATTRIBUTES) folder = (attrs & FILE_ATTRIBUTE_DIRECTORY) !== 0;
      else {
        const r = deviceFsOf(cx.machine).resolve(path);
        if (!r.ok || !r.exists) return 0;
        folder = r.stat!.isDirectory();
      }
      if (!psfi) return 1;
      if (cb < SHFILEINFO_SIZE) return 0;
      cx.mem.check(psfi, SHFILEINFO_SIZE, 'write');
      if (flags & SHGFI.ATTRIBUTES) cx.mem.setU32(psfi + 8, folder ? SFGAO_FOLDER : 0);
      const name = path.replace(/\\+$/, '').replace(/^.*\\/, '');
      if (flags & SHGFI.DISPLAYNAME) cx.mem.writeWstr(psfi + 12, name.slice(0, 259));
      if (flags & SHGFI.TYPENAME) cx.mem.writeWstr(psfi + 532, typeName(cx, name, folder).slice(0, 79));
      return 1;
    },
  ),
];
