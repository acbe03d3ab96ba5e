/**
 * coredll shell shortcuts (shellapi.h, CE docs "SHCreateShortcut", "SHGetShortcutTarget"). A CE
 * shortcut (.lnk) is a small ANSI text file "NN#target": the target's length in characters, '#',
 * then the target (a path, optionally quoted and followed by arguments), as every .lnk of the corpus
 * devices is written (`24#\windows\imageviewer.exe`).
 *
 *  - SHCreateShortcut(szShortcut, szTarget): writes a new shortcut file. NULL arguments or a target
 *    longer than 256 characters (the documented limit): FALSE, ERROR_INVALID_PARAMETER; an existing
 *    file: FALSE, ERROR_FILE_EXISTS (the file is created with CREATE_NEW); the path errors of
 *    CreateFileW otherwise (ERROR_PATH_NOT_FOUND for a missing folder). Characters outside the ANSI
 *    code page are written as '?', as WideCharToMultiByte(CP_ACP) does.
 *  - SHGetShortcutTarget(szShortcut, szTarget, cbMax): the target, NUL-terminated, in at most cbMax
 *    characters. NULL arguments or cbMax <= 0: FALSE, ERROR_INVALID_PARAMETER; a missing file: FALSE,
 *    ERROR_FILE_NOT_FOUND / ERROR_PATH_NOT_FOUND; a file that is not "NN#..." : FALSE,
 *    ERROR_INVALID_DATA; a target (and its NUL) longer than cbMax: FALSE, ERROR_INSUFFICIENT_BUFFER.
 *    The target is the rest of the first line: the count is not trusted (corpus files say
 *    `21#\windows\msmsgs.exe` and `27#\windows\iexplore.exe -home`, two more than the text).
 */
import { closeSync, constants as FS, writeSync } from 'node:fs';
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { deviceFsOf } from '../../core/fs/device-fs.js';
import { ERROR } from '../../core/win32-errors.js';

const MAX_TARGET = 256;
const ERROR_FILE_EXISTS = 80;

/** The target of a shortcut file's text, or undefined when it is not "NN#...". */
export function parseShortcut(text: string): string | undefined {
  const m = /^\s*\d{1,4}#([^\r\n\0]*)/.exec(text);
  return m ? (m[1] ?? '') : undefined;
}

/** The shortcut file's text for a target. */
export function shortcutText(target: string): Buffer {
  const ansi = [...target].map((c) => (c.charCodeAt(0) < 256 && c.length === 1 ? c : '?')).join('');
  return Buffer.from(`${ansi.length}#${ansi}`, 'latin1');
}

function fsError(cx: ApiContext, e: unknown): number {
  const code = (e as { code?: string }).code;
  return cx.fail(0, code === 'EEXIST' ? ERROR_FILE_EXISTS : code === 'ENOENT' ? ERROR.FILE_NOT_FOUND : ERROR.ACCESS_DENIED);
}

export const shortcut: ApiDef[] = [
  fn('SHCreateShortcut(ptr szShortcut, ptr szTarget): bool', (cx, lnk: number, tgt: number) => {
    if (!lnk || !tgt) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const target = cx.mem.wstr(tgt, MAX_TARGET + 2);
    if (target.length > MAX_TARGET) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const fs = deviceFsOf(cx.machine);
    const r = fs.resolve(cx.mem.wstr(lnk, 1024));
    if (!r.ok) return cx.fail(0, r.error);
    if (!r.parentExists) return cx.fail(0, ERROR.PATH_NOT_FOUND);
    if (r.exists) return cx.fail(0, ERROR_FILE_EXISTS);
    try {
      const fd = fs.open(r.host, FS.O_WRONLY | FS.O_CREAT | FS.O_EXCL);
      try {
        writeSync(fd, shortcutText(target));
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      return fsError(cx, e);
    }
    return 1;
  }),
  fn('SHGetShortcutTarget(ptr szShortcut, ptr szTarget, i32 cbMax): bool', (cx, lnk: number, out: number, max: number) => {
    if (!lnk || !out || max <= 0) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const fs = deviceFsOf(cx.machine);
    const r = fs.resolve(cx.mem.wstr(lnk, 1024));
    if (!r.ok) return cx.fail(0, r.error);
    if (!r.exists) return cx.fail(0, r.parentExists ? ERROR.FILE_NOT_FOUND : ERROR.PATH_NOT_FOUND);
    let bytes: Buffer;
    try {
      bytes = fs.readFile(r.host);
    } catch (e) {
      return fsError(cx, e);
    }
    const target = bytes.length <= 4096 ? parseShortcut(bytes.toString('latin1')) : undefined;
    if (target === undefined) return cx.fail(0, ERROR.INVALID_DATA);
    if (target.length + 1 > max) return cx.fail(0, ERROR.INSUFFICIENT_BUFFER);
    cx.mem.writeWstr(out, target);
    return 1;
  }),
];
