/**
 * C++ run-time type information as MSVC for ARM CE emits it: coredll's __RTDynamicCast (dynamic_cast),
 * __RTtypeid (typeid of a polymorphic object), __RTCastToVoid (dynamic_cast<void *>), the type_info
 * members and the type_info vftable (??_7type_info@@6B@, a data export: every TypeDescriptor a
 * compiler emits points at it).
 *
 * References, detail by detail:
 * - Layouts (MSVC rttidata.h, 32-bit: absolute pointers, no image-relative offsets as on x64):
 *   the CompleteObjectLocator sits at vftable[-1]: { signature 0, offset (of this vfptr in the
 *   complete object), cdOffset (constructor displacement), pTypeDescriptor, pClassDescriptor };
 *   TypeDescriptor = type_info { pVFTable, spare (the cached undecorated name), name[] ".?AVFoo@@" };
 *   ClassHierarchyDescriptor { signature, attributes (1 multiple, 2 virtual inheritance),
 *   numBaseClasses, pBaseClassArray } (the array starts with the class itself, each base followed
 *   by its own bases: numContainedBases of them); BaseClassDescriptor { pTypeDescriptor,
 *   numContainedBases, where { mdisp, pdisp, vdisp }, attributes (1 not visible, 2 ambiguous) }.
 * - __RTDynamicCast(inptr, VfDelta, SrcType, TargetType, isReference): the CE 6 coredll's own
 *   (corpus ce6 coredll.dll ordinal 1561, disassembled): NULL in, NULL out; the complete object is
 *   inptr - COL.offset (+ the displacement stored at inptr - cdOffset when cdOffset is set); inptr
 *   -= VfDelta; then by the class hierarchy's attributes the single, multiple or virtual inheritance
 *   search of MSVC rtti.cpp (FindSITargetTypeInstance / FindMITargetTypeInstance /
 *   FindVITargetTypeInstance): single inheritance takes the first visible base of the target type;
 *   the others first try a down-cast (a target-type base that contains the source type at the
 *   source's offset), then a cross-cast (a visible, unambiguous target-type base; with virtual
 *   inheritance, all candidates at one offset). The result is the complete object + PMDtoOffset of
 *   the base found. Types match by descriptor address or by name (TYPEIDS_EQ's strcmp).
 *   A failed reference cast throws std::bad_cast("Bad dynamic_cast!") in that coredll: not modelled
 *   here, it stops the run naming itself (as typeid of a NULL pointer, std::bad_typeid).
 * - type_info (MSVC typeinfo.h / typinfo.cpp of the same CRT): raw_name() = the decorated name;
 *   name() = the undecorated type (__unDName with UNDNAME_TYPE_ONLY: "class Foo", "struct ns::Bar",
 *   "int", "char const *"), allocated once and cached in the spare field; operator==/!= and before()
 *   compare the decorated names after their leading '.' (strcmp); ~type_info frees the cached name.
 *   The vftable's one slot is the scalar deleting destructor (the CE 6 coredll's: ~type_info, then
 *   operator delete when bit 0 of the flags is set; returns this).
 */
import { fn, dataExport, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';

const CHD_MULTINH = 1;
const CHD_VIRTINH = 2;
const BCD_NOTVISIBLE = 1;
const BCD_AMBIGUOUS = 2;

/** The decorated name of a TypeDescriptor (".?AVFoo@@"). */
function rawName(cx: ApiContext, td: number): string {
  return cx.mem.str(td + 8, 4096);
}

/** TYPEIDS_EQ: the same descriptor, or descriptors of the same name (types of different modules). */
function typeEq(cx: ApiContext, a: number, b: number): boolean {
  return a === b || rawName(cx, a) === rawName(cx, b);
}

/** The CompleteObjectLocator of a polymorphic object: vftable[-1]. */
function locator(cx: ApiContext, p: number): number {
  return cx.mem.u32((cx.mem.u32(p) - 4) >>> 0);
}

/** FindCompleteObject: the address of the most derived object that `p` (a vfptr's address) is part of. */
function completeObject(cx: ApiContext, p: number): number {
  const col = locator(cx, p);
  let obj = p - cx.mem.i32(col + 4);
  const cd = cx.mem.i32(col + 8);
  if (cd) obj += cx.mem.i32((p - cd) >>> 0);
  return obj >>> 0;
}

/** PMDtoOffset: the offset of a base (its `where`, at bcd + 8) in the complete object. */
function baseOffset(cx: ApiContext, obj: number, bcd: number): number {
  const mem = cx.mem;
  const mdisp = mem.i32(bcd + 8);
  const pdisp = mem.i32(bcd + 12);
  const vdisp = mem.i32(bcd + 16);
  let off = 0;
  if (pdisp >= 0) off = pdisp + mem.i32((mem.u32((obj + pdisp) >>> 0) + vdisp) >>> 0);
  return off + mdisp;
}

/** The class hierarchy's base class descriptors, in array order. */
function bases(cx: ApiContext, col: number): { attributes: number; list: number[] } {
  const mem = cx.mem;
  const chd = mem.u32(col + 16);
  const n = mem.u32(chd + 8);
  const arr = mem.u32(chd + 12);
  if (n > 0x10000) throw new UnimplementedFeature(`__RTDynamicCast: a class hierarchy of ${n} bases (corrupt RTTI)`);
  const list: number[] = [];
  for (let i = 0; i < n; i++) list.push(mem.u32(arr + 4 * i));
  return { attributes: mem.u32(chd + 4), list };
}

/** The base class descriptor a cast from `src` (at `srcOff` in `obj`) to `target` lands on, or 0. */
function findTarget(cx: ApiContext, obj: number, col: number, src: number, srcOff: number, target: number): number {
  const mem = cx.mem;
  const { attributes, list } = bases(cx, col);
  const td = (b: number) => mem.u32(b);
  const attr = (b: number) => mem.u32(b + 20);
  if (!(attributes & CHD_MULTINH)) {
    for (const b of list) if (typeEq(cx, td(b), target) && !(attr(b) & BCD_NOTVISIBLE)) return b;
    return 0;
  }
  // Down-cast: a base of the target type containing our instance of the source type.
  for (let i = 0; i < list.length; i++) {
    const b = list[i]!;
    if (!typeEq(cx, td(b), target)) continue;
    const contained = mem.u32(b + 4);
    for (let j = 1; j <= contained && i + j < list.length; j++) {
      const sub = list[i + j]!;
      if (typeEq(cx, td(sub), src) && baseOffset(cx, obj, sub) === srcOff) return b;
    }
  }
  // Cross-cast: a visible, unambiguous base of the target type.
  if (!(attributes & CHD_VIRTINH)) {
    for (const b of list) if (typeEq(cx, td(b), target) && !(attr(b) & (BCD_NOTVISIBLE | BCD_AMBIGUOUS))) return b;
    return 0;
  }
  // Virtual inheritance: several descriptors may name one virtual base; two different offsets are ambiguous.
  let found = 0;
  let at = 0;
  for (const b of list) {
    if (!typeEq(cx, td(b), target) || attr(b) & BCD_NOTVISIBLE) continue;
    const off = baseOffset(cx, obj, b);
    if (found && off !== at) return 0;
    found = b;
    at = off;
  }
  return found;
}

// ------------------------------------------------------------------ name undecoration (type only)
const BASIC: Record<string, string> = {
  C: 'signed char',
  D: 'char',
  E: 'unsigned char',
  F: 'short',
  G: 'unsigned short',
  H: 'int',
  I: 'unsigned int',
  J: 'long',
  K: 'unsigned long',
  M: 'float',
  N: 'double',
  O: 'long double',
  X: 'void',
};
const BASIC_EXT: Record<string, string> = { N: 'bool', J: '__int64', K: 'unsigned __int64', W: 'wchar_t' };
const CV = ['', 'const', 'volatile', 'const volatile'];

class Undecorator {
  i = 0;
  constructor(readonly s: string) {}
  fail(): never {
    throw new UnimplementedFeature(`type_info::name of ${JSON.stringify('.' + this.s)} (a decoration this undecorator does not read)`);
  }
  next(): string {
    const c = this.s[this.i++];
    if (c === undefined) this.fail();
    return c;
  }
  /** A qualified name "Inner@Outer@@" -> "Outer::Inner" (fragments innermost first, '@' ends). */
  qualified(): string {
    const names: string[] = [];
    const parts: string[] = [];
    for (;;) {
      if (this.s[this.i] === '@') {
        this.i++;
        break;
      }
      const c = this.s[this.i];
      if (c !== undefined && c >= '0' && c <= '9') {
        this.i++;
        parts.push(names[+c] ?? this.fail());
      } else if (this.s.startsWith('?$', this.i)) {
        this.i += 2;
        const name = this.fragment();
        const args: string[] = [];
        while (this.s[this.i] !== '@') args.push(this.type());
        this.i++;
        const inner = args.join(',');
        const t = `${name}<${inner}${inner.endsWith('>') ? ' ' : ''}>`;
        names.push(t);
        parts.push(t);
      } else {
        const f = this.fragment();
        names.push(f);
        parts.push(f);
      }
    }
    return parts.reverse().join('::');
  }
  fragment(): string {
    const end = this.s.indexOf('@', this.i);
    if (end <= this.i) this.fail();
    const f = this.s.slice(this.i, end);
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(f)) this.fail();
    this.i = end + 1;
    return f;
  }
  cv(): string {
    const k = 'ABCD'.indexOf(this.next());
    if (k < 0) this.fail();
    return CV[k]!;
  }
  type(): string {
    const c = this.next();
    if (BASIC[c]) return BASIC[c];
    switch (c) {
      case '_': {
        const t = BASIC_EXT[this.next()];
        return t ?? this.fail();
      }
      case 'T':
        return `union ${this.qualified()}`;
      case 'U':
        return `struct ${this.qualified()}`;
      case 'V':
        return `class ${this.qualified()}`;
      case 'W':
        if (this.next() !== '4') this.fail();
        return `enum ${this.qualified()}`;
      case 'P':
      case 'Q':
      case 'R':
      case 'S':
      case 'A': {
        const cv = this.cv();
        const pointee = this.type();
        const self = c === 'A' ? '&' : c === 'P' ? '*' : `* ${CV['PQRS'.indexOf(c)]}`;
        return `${pointee}${cv ? ' ' + cv : ''} ${self}`;
      }
      case '?': {
        const cv = this.cv();
        const t = this.type();
        return cv ? `${t} ${cv}` : t;
      }
      default:
        return this.fail();
    }
  }
}

/** __unDName(..., UNDNAME_TYPE_ONLY) of a TypeDescriptor name ('.' + a type encoding). */
export function undecorateTypeName(raw: string): string {
  const u = new Undecorator(raw.startsWith('.') ? raw.slice(1) : raw);
  const t = u.type();
  if (u.i !== u.s.length) u.fail();
  return t;
}

// ------------------------------------------------------------------ exports
function typeInfoName(cx: ApiContext, ti: number): number {
  const mem = cx.mem;
  const cached = mem.u32(ti + 4);
  if (cached) return cached;
  const name = undecorateTypeName(rawName(cx, ti));
  const p = cx.machine.processHeap.alloc(name.length + 1);
  if (!p) return 0; // no memory: NULL, as the CRT's malloc failure gives
  mem.writeStr(p, name);
  mem.setU32(ti + 4, p);
  return p;
}

function typeInfoDtor(cx: ApiContext, ti: number): void {
  const cached = cx.mem.u32(ti + 4);
  if (cached) {
    cx.machine.processHeap.freeBlock(cached);
    cx.mem.setU32(ti + 4, 0);
  }
}

/** The decorated names after the leading '.', compared as strcmp does (bytes; "" < "a"). */
function compareNames(cx: ApiContext, a: number, b: number): number {
  const x = rawName(cx, a).slice(1);
  const y = rawName(cx, b).slice(1);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** type_info's scalar deleting destructor (??_Gtype_info@@UAAPAXI@Z): the vftable slot, not exported. */
const typeInfoDeletingDtor = fn('??_Gtype_info@@UAAPAXI@Z(ptr this, u32 flags): ptr', (cx, ti: number, flags: number) => {
  typeInfoDtor(cx, ti);
  if (flags & 1) cx.machine.processHeap.freeBlock(ti);
  return ti;
});

const vftable = new Uint8Array(4);

export const rttiApis: ApiDef[] = [
  fn(
    '__RTDynamicCast(ptr inptr, i32 VfDelta, ptr SrcType, ptr TargetType, i32 isReference): ptr',
    (cx, p: number, vfDelta: number, src: number, target: number, isRef: number) => {
      if (!p) return 0;
      const col = locator(cx, p);
      const obj = completeObject(cx, p);
      const inptr = (p - vfDelta) >>> 0;
      const b = findTarget(cx, obj, col, src, (inptr - obj) | 0, target);
      if (b) return (obj + baseOffset(cx, obj, b)) >>> 0;
      if (isRef) {
        throw new UnimplementedFeature(
          `a failed dynamic_cast to a reference (${JSON.stringify(rawName(cx, target))} from ${JSON.stringify(rawName(cx, src))}): coredll throws std::bad_cast`,
        );
      }
      return 0;
    },
  ),
  fn('__RTtypeid(ptr inptr): ptr', (cx, p: number) => {
    if (!p) throw new UnimplementedFeature('typeid of a NULL pointer: coredll throws std::bad_typeid');
    return cx.mem.u32(locator(cx, p) + 12);
  }),
  fn('__RTCastToVoid(ptr inptr): ptr', (cx, p: number) => (p ? completeObject(cx, p) : 0)),
  fn('?name@type_info@@QBAPBDXZ(ptr this): ptr', (cx, ti: number) => typeInfoName(cx, ti)),
  fn('?raw_name@type_info@@QBAPBDXZ(ptr this): ptr', (cx, ti: number) => (ti + 8) >>> 0),
  fn('??8type_info@@QBAHABV0@@Z(ptr this, ptr rhs): i32', (cx, a: number, b: number) => (compareNames(cx, a, b) === 0 ? 1 : 0)),
  fn('??9type_info@@QBAHABV0@@Z(ptr this, ptr rhs): i32', (cx, a: number, b: number) => (compareNames(cx, a, b) !== 0 ? 1 : 0)),
  fn('?before@type_info@@QBAHABV1@@Z(ptr this, ptr rhs): i32', (cx, a: number, b: number) => (compareNames(cx, a, b) < 0 ? 1 : 0)),
  fn('??1type_info@@UAA@XZ(ptr this): void', (cx, ti: number) => typeInfoDtor(cx, ti)),
  dataExport('??_7type_info@@6B@', vftable, [{ offset: 0, fn: typeInfoDeletingDtor }]),
];
