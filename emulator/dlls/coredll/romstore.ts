/**
 * coredll queries of the ROM image and the storage manager that CE's own file-system components make:
 * GetRomFileInfo (romfsd.dll, filesys.dll) and GetPartitionInfo (CE 6, fatutil.dll). No user program
 * of the corpus imports either; what they answer follows from what the emulated device has.
 *
 *  - GetRomFileInfo(type, lpfd, index) (undocumented kernel call, SH_WIN32 method 36 in CE 6's
 *    coredll): fills a WIN32_FIND_DATAW for entry `index` of the ROM image's FILES (type 1) or
 *    MODULES (type 2) section; romfsd.dll (disassembled) enumerates index 0, 1, ... of type 1 and then
 *    type 2 until it returns FALSE, and filesys.dll asks for one entry by the index in a ROM object
 *    id. wmemu has no ROM image: the emulated DLLs (coredll, ws2, ...) are not files, and the device
 *    root's \Windows is a host folder the programs can write, i.e. the object store, not an XIP
 *    region. So nothing is in ROM: every index of type 1 or 2 is FALSE with ERROR_NO_MORE_FILES
 *    (wmemu's choice: the code FindNextFile ends an enumeration with; both callers test only the
 *    BOOL); another type or a NULL lpfd: FALSE, ERROR_INVALID_PARAMETER.
 *  - GetPartitionInfo(hPartition, pPartInfo) (CE 6 storage manager, storemgr.h): a PARTINFO of a
 *    partition handle from OpenPartition. CE 6's coredll makes it a handle-based kernel call whose
 *    method the handle's own API set decides (it shares its trap with ReadFileWithSeek), so only the
 *    storage manager's partition handles answer it. The emulated root is the object store
 *    (GetStoreInformation, kquery.ts), which CE does not manage as a store or partition (the storage
 *    manager serves block devices, DSKn:); the emulated device has no block device, so no handle is a
 *    partition handle: FALSE, ERROR_INVALID_HANDLE, whatever the handle.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { ERROR } from '../../core/win32-errors.js';

const ROM_FILES = 1;
const ROM_MODULES = 2;

export const romstore: ApiDef[] = [
  fn('GetRomFileInfo(u32 type, ptr lpfd, u32 index): bool', (cx, type: number, fd: number) => {
    if ((type !== ROM_FILES && type !== ROM_MODULES) || !fd) return cx.fail(0, ERROR.INVALID_PARAMETER);
    return cx.fail(0, ERROR.NO_MORE_FILES);
  }),
  fn('GetPartitionInfo(handle hPartition, ptr pPartInfo): bool', (cx) => cx.fail(0, ERROR.INVALID_HANDLE)),
];
