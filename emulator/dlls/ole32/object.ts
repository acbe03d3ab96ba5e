/**
 * COM objects that ole32 implements on the host (bind contexts, advise holders, storages ...). Each
 * object lives in guest memory as {vtable} (a guest can hand it to any code that expects a COM
 * pointer); its vtable is a row of trap stubs handled here, one ApiDef per method (they show in traces
 * as ole32.dll!IBindCtx_GetBindOptions & co. but are not exports). The host keeps each object's state
 * in a map keyed by its guest address. IUnknown follows the COM rules: QueryInterface of a supported
 * IID AddRefs and writes the pointer, of any other writes NULL and returns E_NOINTERFACE (ppv NULL:
 * E_POINTER); the last Release frees the object, first Releasing the guest objects it holds.
 * A method called on an address that is not an object of that class stops the run naming itself.
 */
import { fn, UnimplementedFeature, type ApiDecl, type ApiDef, type CALLED } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { defineSlot, type Slot } from '../../core/slot.js';
import { Libraries } from '../../core/loader/libraries.js';
import { guidAt } from './guid.js';
import { HR } from './hresult.js';

/** What a method handler that may call guest code returns. */
export type Res = number | typeof CALLED;

export const IID_IUNKNOWN = '{00000000-0000-0000-C000-000000000046}';

/** Calls IUnknown::Release (vtable slot 2) of each guest object in turn, then `then`. */
export function releaseAll(cx: ApiContext, objs: readonly number[], then: () => Res): Res {
  const rest = objs.filter((p) => p !== 0);
  const step = (i: number): Res => {
    if (i >= rest.length) return then();
    const p = rest[i]!;
    return cx.callGuest(cx.mem.u32(cx.mem.u32(p) + 8), [p], () => step(i + 1));
  };
  return step(0);
}

/** Calls IUnknown::AddRef (vtable slot 1) of a guest object, then `then`. */
export function addRef(cx: ApiContext, obj: number, then: () => Res): Res {
  return cx.callGuest(cx.mem.u32(cx.mem.u32(obj) + 4), [obj], () => then());
}

export interface HostObject {
  refs: number;
}

interface ClassState<T> {
  vtable: number;
  objects: Map<number, T>;
}

/**
 * A class of host-implemented COM objects: `iface` names its traps (IBindCtx_AddRef ...), `iids` are
 * the interfaces QueryInterface answers (IUnknown is always one), `methods` the vtable after the three
 * IUnknown methods, in the interface's order. `held` lists the guest objects an object holds, Released
 * after its last Release; `destroy` frees host-side resources then; `finish` (optional) runs before
 * those Releases and may call guest code first (a storage writing itself to a guest ILockBytes). A `permanent` object (the running
 * object table) is never freed: Release does not go below 1.
 */
export class HostClass<T extends HostObject> {
  private readonly slot: Slot<ClassState<T>>;
  private readonly iids: Set<string>;
  private readonly all: ApiDef[];

  constructor(
    readonly iface: string,
    iids: readonly string[],
    methods: ApiDef[],
    private readonly hooks: {
      held?: (o: T) => number[];
      destroy?: (cx: ApiContext, o: T) => void;
      finish?: (cx: ApiContext, o: T, then: () => Res) => Res;
      permanent?: boolean;
    } = {},
  ) {
    this.slot = defineSlot(`ole32-${iface}`, (): ClassState<T> => ({ vtable: 0, objects: new Map() }));
    this.iids = new Set([IID_IUNKNOWN, ...iids]);
    const unknown: ApiDef[] = [
      fn(`${iface}_QueryInterface(ptr This, ptr riid, ptr ppv): hex`, (cx, obj: number, riid: number, ppv: number) => {
        const o = this.of(cx, obj);
        if (!ppv) return HR.E_POINTER;
        if (!this.iids.has(guidAt(cx, riid))) {
          cx.mem.setU32(ppv, 0);
          return HR.E_NOINTERFACE;
        }
        o.refs++;
        cx.mem.setU32(ppv, obj);
        return HR.S_OK;
      }),
      fn(`${iface}_AddRef(ptr This): u32`, (cx, obj: number) => ++this.of(cx, obj).refs),
      fn(`${iface}_Release(ptr This): u32`, (cx, obj: number) => {
        const o = this.of(cx, obj);
        if (--o.refs > 0 || this.hooks.permanent) return Math.max(o.refs, 1);
        this.state(cx).objects.delete(obj >>> 0);
        cx.machine.processHeap.freeBlock(obj);
        const held = this.hooks.held?.(o) ?? [];
        this.hooks.destroy?.(cx, o);
        const rest = (): Res => releaseAll(cx, held, () => 0);
        return this.hooks.finish ? this.hooks.finish(cx, o, rest) : rest();
      }),
    ];
    this.all = [...unknown, ...methods];
  }

  /** The object's state; a method on anything else stops the run naming itself. */
  of(cx: ApiContext, obj: number): T {
    const o = this.state(cx).objects.get(obj >>> 0);
    if (!o) throw new UnimplementedFeature(`${this.iface} method on 0x${(obj >>> 0).toString(16)}, which is not an ${this.iface} of ole32`);
    return o;
  }

  /** The object's state, or undefined when `obj` is not one of this class. */
  peek(cx: ApiContext, obj: number): T | undefined {
    return this.slot.peek(cx.machine)?.objects.get(obj >>> 0);
  }

  /** A new object (one reference) in guest memory; 0 when the heap is full. */
  create(cx: ApiContext, data: T): number {
    const st = this.state(cx);
    const obj = cx.machine.processHeap.alloc(8, true);
    if (!obj) return 0;
    cx.mem.setU32(obj, st.vtable);
    st.objects.set(obj, data);
    return obj;
  }

  private state(cx: ApiContext): ClassState<T> {
    const st = this.slot.of(cx.machine);
    if (!st.vtable) {
      const vt = cx.machine.processHeap.alloc(4 * this.all.length, true);
      if (!vt) throw new Error(`ole32: no memory for the ${this.iface} vtable`);
      this.all.forEach((def, i) => {
        const decl: ApiDecl = { ...def, dll: 'ole32.dll' };
        cx.mem.setU32(vt + 4 * i, cx.machine.dispatcher.trapFor({ dll: 'ole32.dll', name: def.name, decl }));
      });
      st.vtable = vt;
    }
    return st;
  }
}

/** The address of a coredll export (its trap stub), to call it as the guest would; undefined if absent. */
export function coredllProc(cx: ApiContext, name: string): number | undefined {
  const dll = cx.machine.dlls.get('coredll');
  return dll ? Libraries.of(cx.machine).emulatedProc(dll, { name }) : undefined;
}
