/**
 * coredll's ShellExecuteEx (SHELLEXECUTEINFO, 60 bytes on CE): an executable (`x.exe`, or a name that is one
 * on the search path) is started with lpParameters as its command line, as CreateProcessW would; any
 * other file or URL is opened through its association, HKCR\<.ext or scheme> -> ProgID ->
 * HKCR\<ProgID>\Shell\<verb, default open>\Command with %1 replaced by the file. Failures set the
 * last error and hInstApp as the SDK documents: a document that does not exist is
 * ERROR_FILE_NOT_FOUND / SE_ERR_FNF, no association is ERROR_NO_ASSOCIATION / SE_ERR_NOASSOC; a
 * cbSize other than 60 is ERROR_INVALID_PARAMETER. With SEE_MASK_NOCLOSEPROCESS hProcess receives
 * the new process's handle (NULL when the association started nothing).
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { deviceFsOf } from '../../core/fs/device-fs.js';
import { REG } from '../../core/registry/registry.js';
import { ERROR } from '../../core/win32-errors.js';
import { spawnProcess } from './processes.js';
import { registryOf } from './registry.js';

const SEI_SIZE = 60;
const SEE_MASK_NOCLOSEPROCESS = 0x40;
const SE_ERR_FNF = 2;
const SE_ERR_NOASSOC = 31;

function regString(cx: ApiContext, path: string, name: string): string | undefined {
  const v = registryOf(cx.machine).byFullPath(path, false)?.value(name);
  return v && (v.type === REG.SZ || v.type === REG.EXPAND_SZ) ? v.data.toString('utf16le').replace(/\0.*$/s, '') : undefined;
}

function shellExecute(cx: ApiContext, p: number): number {
  if (!p || cx.mem.u32(p) !== SEI_SIZE) return cx.fail(0, ERROR.INVALID_PARAMETER);
  cx.mem.check(p, SEI_SIZE, 'write');
  const mask = cx.mem.u32(p + 4);
  const str = (o: number) => {
    const q = cx.mem.u32(p + o);
    return q ? cx.mem.wstr(q, 32768) : '';
  };
  const verb = str(12) || 'open';
  const file = str(16);
  const params = str(20);
  cx.mem.setU32(p + 56, 0);
  const failWith = (err: number, inst: number) => {
    cx.mem.setU32(p + 32, inst);
    return cx.fail(0, err);
  };
  if (!file) return failWith(ERROR.FILE_NOT_FOUND, SE_ERR_FNF);
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(file)?.[1];
  const isUrl = scheme !== undefined && scheme.length > 1;
  const ext = isUrl ? scheme : /(\.[^.\\/]*)$/.exec(file)?.[1]?.toLowerCase();
  let image = '';
  let cmd = '';
  if (!isUrl && (ext === undefined || ext === '.exe')) {
    image = file;
    cmd = params;
  } else {
    if (!isUrl) {
      const r = deviceFsOf(cx.machine).resolve(file);
      if (!r.ok || !r.exists) return failWith(ERROR.FILE_NOT_FOUND, SE_ERR_FNF);
    }
    const progId = regString(cx, `HKEY_CLASSES_ROOT\\${ext}`, '');
    const command = progId !== undefined ? regString(cx, `HKEY_CLASSES_ROOT\\${progId}\\Shell\\${verb}\\Command`, '') : undefined;
    if (!command) return failWith(ERROR.NO_ASSOCIATION, SE_ERR_NOASSOC);
    cmd = command.includes('%1') ? command.replace(/%1/g, file) : `${command} "${file}"`;
    if (params) cmd += ` ${params}`;
  }
  const started = spawnProcess(cx, image, cmd, 0);
  if (!started) {
    const err = cx.lastError;
    return failWith(err, err === ERROR.FILE_NOT_FOUND || err === ERROR.PATH_NOT_FOUND ? SE_ERR_FNF : 0);
  }
  cx.machine.handles.close(started.hThread);
  if (mask & SEE_MASK_NOCLOSEPROCESS) cx.mem.setU32(p + 56, started.hProcess);
  else cx.machine.handles.close(started.hProcess);
  cx.mem.setU32(p + 32, 42); // hInstApp > 32: success
  cx.setLastError(0);
  return 1;
}

export const shellexec: ApiDef[] = [fn('ShellExecuteEx(ptr lpExecInfo): bool', (cx, p: number) => shellExecute(cx, p))];
