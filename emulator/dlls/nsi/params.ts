/**
 * NSI.dll NsiGetAllParameters and NsiSetAllParameters (layouts and argument order: Wine's nsi.dll,
 * include/wine/nsi.h, checked against what CE 7's ipv6.exe and route.exe pass):
 *
 * - NsiGetAllParameters(unk, &module, table, key, keySize, rw, rwSize, dynamic, dynamicSize, static,
 *   staticSize). A table of the IPv6 module: ERROR_NOT_SUPPORTED, nothing written, the answer the
 *   IP helper documents for "no IPv6 stack on the local computer" (the emulated stack is IPv4 only:
 *   nsi.ts, iphlpapi.ts); ipv6.exe `gpu` reads the IPv6 global object (table 6, NlGlobalObject,
 *   rw 116 bytes) this way. Any other module or table stops the run as unimplemented, naming it
 *   (never made-up data).
 * - NsiSetAllParameters(store, action, &module, table, key, keySize, rw, rwSize): route.exe passes
 *   store 1 (NsiActive) and action 1 to add, 3 to delete a route (it ignores a delete's error and
 *   prints " OK!"), ipv6.exe gpu store 2. Every write is refused, as the IP helper writes are
 *   (iphlpapi writes.ts, which says why): a table of the IPv6 module ERROR_NOT_SUPPORTED, of the IPv4
 *   module ERROR_ACCESS_DENIED (the device's routes and addresses are the host's, which the emulator
 *   may not change). A NULL module: ERROR_INVALID_PARAMETER; another module stops the run as
 *   unimplemented, naming it.
 */
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import { ERROR } from '../../core/win32-errors.js';
import { IPV4_MODULE, IPV6_MODULE, moduleGuid } from './nsi.js';

export const params: ApiDef[] = [
  fn(
    'NsiGetAllParameters(u32 unk, ptr pModuleId, u32 dwTable, ptr pKey, u32 cbKey, ptr pRw, u32 cbRw, ptr pDynamic, u32 cbDynamic, ptr pStatic, u32 cbStatic): u32',
    (
      cx,
      _unk: number,
      mod: number,
      table: number,
      _key: number,
      cbKey: number,
      _rw: number,
      cbRw: number,
      _dyn: number,
      cbDyn: number,
      _st: number,
      cbSt: number,
    ) => {
      if (!mod) return ERROR.INVALID_PARAMETER;
      const guid = moduleGuid(cx, mod);
      if (guid === IPV6_MODULE) return ERROR.NOT_SUPPORTED;
      throw new UnimplementedFeature(`table ${table} of module {${guid}} (key ${cbKey}, rw ${cbRw}, dynamic ${cbDyn}, static ${cbSt} bytes)`);
    },
  ),
  fn(
    'NsiSetAllParameters(u32 store, u32 action, ptr pModuleId, u32 dwTable, ptr pKey, u32 cbKey, ptr pRw, u32 cbRw): u32',
    (cx, a: number, b: number, mod: number, table: number, _key: number, cbKey: number, _rw: number, cbRw: number) => {
      if (!mod) return ERROR.INVALID_PARAMETER;
      const guid = moduleGuid(cx, mod);
      if (guid === IPV6_MODULE) return ERROR.NOT_SUPPORTED;
      if (guid === IPV4_MODULE) return ERROR.ACCESS_DENIED;
      throw new UnimplementedFeature(`set (store ${a}, action ${b}) table ${table} of module {${guid}} (key ${cbKey}, rw ${cbRw} bytes)`);
    },
  ),
];
