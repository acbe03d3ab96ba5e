/**
 * ole32 bind contexts: CreateBindCtx and IBindCtx (shdocvw.dll and urlmon create one for every
 * navigation). Followed: the Win32 documentation of CreateBindCtx/IBindCtx and Wine's ole32 tests
 * (moniker.c, test_bind_context), which pin down what Windows returns:
 * - CreateBindCtx(reserved != 0) and ppbc NULL: E_INVALIDARG.
 * - Bind options start as BIND_OPTS2 {cbStruct 32, grfFlags 0, grfMode STGM_READWRITE,
 *   dwTickCountDeadline 0, dwTrackFlags 0, dwClassContext CLSCTX_SERVER (0x15), locale (the user's
 *   LCID: CE has no thread locale), pServerInfo NULL} (CE predates BIND_OPTS3). GetBindOptions copies
 *   min(cbStruct, 32) bytes and writes that size back into cbStruct (a cbStruct of -1 gets 32);
 *   SetBindOptions with cbStruct above 32 is E_INVALIDARG, else it takes cbStruct bytes.
 * - RegisterObjectBound(NULL) S_OK and nothing kept; an object is AddRef'd and kept.
 *   RevokeObjectBound(NULL) E_INVALIDARG, of an object not kept MK_E_NOTBOUND, else Release + S_OK.
 *   ReleaseBoundObjects Releases every kept object.
 * - RegisterObjectParam(key, NULL) E_INVALIDARG; keys compare exactly (Wine and Windows: case
 *   sensitive); a key registered again replaces (and Releases) its object. GetObjectParam of an
 *   unknown key E_FAIL with *ppunk NULL, else AddRef + S_OK; RevokeObjectParam unknown E_FAIL.
 * - EnumObjectParam: E_NOTIMPL with *ppenum NULL (what Windows answers, per Wine's test).
 * - The last Release Releases the bound objects and the parameters.
 * GetRunningObjectTable: the run's running object table (rot.ts), AddRef'd, as GetRunningObjectTable.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { HostClass, addRef, releaseAll, type HostObject } from './object.js';
import { HR } from './hresult.js';
import { runningObjectTable } from './rot.js';

const BIND_OPTS2_SIZE = 32;
const STGM_READWRITE = 2;
const CLSCTX_SERVER = 0x15;
const LCID_EN_US = 0x0409;

interface BindCtxData extends HostObject {
  opts: Buffer;
  bound: number[];
  params: Map<string, number>;
}

const methods: ApiDef[] = [
  fn('IBindCtx_RegisterObjectBound(ptr This, ptr punk): hex', (cx, obj: number, punk: number) => {
    const b = BindCtx.of(cx, obj);
    if (!punk) return HR.S_OK;
    b.bound.push(punk);
    return addRef(cx, punk, () => HR.S_OK);
  }),
  fn('IBindCtx_RevokeObjectBound(ptr This, ptr punk): hex', (cx, obj: number, punk: number) => {
    const b = BindCtx.of(cx, obj);
    if (!punk) return HR.E_INVALIDARG;
    const i = b.bound.lastIndexOf(punk);
    if (i < 0) return HR.MK_E_NOTBOUND;
    b.bound.splice(i, 1);
    return releaseAll(cx, [punk], () => HR.S_OK);
  }),
  fn('IBindCtx_ReleaseBoundObjects(ptr This): hex', (cx, obj: number) => {
    const b = BindCtx.of(cx, obj);
    const all = b.bound.splice(0);
    return releaseAll(cx, all, () => HR.S_OK);
  }),
  fn('IBindCtx_SetBindOptions(ptr This, ptr pbindopts): hex', (cx, obj: number, p: number) => {
    const b = BindCtx.of(cx, obj);
    if (!p) return HR.E_INVALIDARG;
    const cb = cx.mem.u32(p);
    if (cb > BIND_OPTS2_SIZE) return HR.E_INVALIDARG;
    Buffer.from(cx.mem.bytes(p, cb)).copy(b.opts, 0);
    b.opts.writeUInt32LE(BIND_OPTS2_SIZE, 0);
    return HR.S_OK;
  }),
  fn('IBindCtx_GetBindOptions(ptr This, ptr pbindopts): hex', (cx, obj: number, p: number) => {
    const b = BindCtx.of(cx, obj);
    if (!p) return HR.E_INVALIDARG;
    const cb = Math.min(cx.mem.u32(p), BIND_OPTS2_SIZE);
    cx.mem.write(p, b.opts.subarray(0, cb));
    if (cb >= 4) cx.mem.setU32(p, cb);
    return HR.S_OK;
  }),
  fn('IBindCtx_GetRunningObjectTable(ptr This, ptr pprot): hex', (cx, obj: number, pprot: number) => {
    BindCtx.of(cx, obj);
    if (!pprot) return HR.E_INVALIDARG;
    const p = runningObjectTable(cx);
    cx.mem.setU32(pprot, p);
    return p ? HR.S_OK : HR.E_OUTOFMEMORY;
  }),
  fn('IBindCtx_RegisterObjectParam(ptr This, wstr pszKey, ptr punk): hex', (cx, obj: number, key: number, punk: number) => {
    const b = BindCtx.of(cx, obj);
    if (!key || !punk) return HR.E_INVALIDARG;
    const k = cx.mem.wstr(key, 4096);
    const old = b.params.get(k);
    b.params.set(k, punk);
    return addRef(cx, punk, () => releaseAll(cx, old ? [old] : [], () => HR.S_OK));
  }),
  fn('IBindCtx_GetObjectParam(ptr This, wstr pszKey, ptr ppunk): hex', (cx, obj: number, key: number, ppunk: number) => {
    const b = BindCtx.of(cx, obj);
    if (!ppunk) return HR.E_POINTER;
    cx.mem.setU32(ppunk, 0);
    const p = key ? b.params.get(cx.mem.wstr(key, 4096)) : undefined;
    if (!p) return HR.E_FAIL;
    cx.mem.setU32(ppunk, p);
    return addRef(cx, p, () => HR.S_OK);
  }),
  fn('IBindCtx_EnumObjectParam(ptr This, ptr ppenum): hex', (cx, obj: number, ppenum: number) => {
    BindCtx.of(cx, obj);
    if (ppenum) cx.mem.setU32(ppenum, 0);
    return HR.E_NOTIMPL;
  }),
  fn('IBindCtx_RevokeObjectParam(ptr This, wstr pszKey): hex', (cx, obj: number, key: number) => {
    const b = BindCtx.of(cx, obj);
    const k = key ? cx.mem.wstr(key, 4096) : undefined;
    const p = k === undefined ? undefined : b.params.get(k);
    if (k === undefined || !p) return HR.E_FAIL;
    b.params.delete(k);
    return releaseAll(cx, [p], () => HR.S_OK);
  }),
];

const BindCtx = new HostClass<BindCtxData>('IBindCtx', ['{0000000E-0000-0000-C000-000000000046}'], methods, {
  held: (b) => [...b.bound, ...b.params.values()],
});

export const bindctx: ApiDef[] = [
  fn('CreateBindCtx(u32 reserved, ptr ppbc): hex', (cx, reserved: number, ppbc: number) => {
    if (reserved || !ppbc) return HR.E_INVALIDARG;
    const opts = Buffer.alloc(BIND_OPTS2_SIZE);
    opts.writeUInt32LE(BIND_OPTS2_SIZE, 0);
    opts.writeUInt32LE(STGM_READWRITE, 8);
    opts.writeUInt32LE(CLSCTX_SERVER, 20);
    opts.writeUInt32LE(LCID_EN_US, 24);
    const obj = BindCtx.create(cx, { refs: 1, opts, bound: [], params: new Map() });
    cx.mem.setU32(ppbc, obj);
    return obj ? HR.S_OK : HR.E_OUTOFMEMORY;
  }),
];
