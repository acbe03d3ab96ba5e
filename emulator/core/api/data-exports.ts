/**
 * Data exports of emulated DLLs (ws2's in6addr_any and in6addr_loopback): a declaration made with
 * `dataExport(name, bytes)` has no code; an import of it (the IAT slot) and GetProcAddress get the
 * guest address of its bytes, as a real DLL's export table points into its .data/.rdata. The bytes
 * live in one read-only page per machine, placed on first use and shared by every module of the run.
 * A data export may hold code pointers (`dataLinks`: coredll's ??_7type_info@@6B@, the vftable whose
 * slot is type_info's scalar deleting destructor): each becomes the trap address of that function.
 */
import { PROT_R } from '../memory/guest-memory.js';
import type { Machine } from '../machine.js';
import { defineSlot } from '../slot.js';
import type { ApiDecl } from './declare.js';

const PAGE = 0x1000;

const dataSlot = defineSlot('dataExports', () => ({ base: 0, used: 0, at: new Map<string, number>() }));

/** True when `decl` is a data export (not a function). */
export function isDataExport(decl: ApiDecl | undefined): decl is ApiDecl & { options: { data: Uint8Array } } {
  return decl?.options.data !== undefined;
}

/** The guest address of a data export's bytes (placed once per machine). */
export function dataExportAddress(m: Machine, decl: ApiDecl & { options: { data: Uint8Array } }): number {
  const st = dataSlot.of(m);
  const key = `${decl.dll}!${decl.name}`;
  const had = st.at.get(key);
  if (had !== undefined) return had;
  const bytes = decl.options.data;
  const size = (bytes.length + 7) & ~7; // 8-byte aligned items
  if (size > PAGE) throw new Error(`${key}: data export larger than a page`);
  if (st.base === 0 || st.used + size > PAGE) {
    st.base = m.space.reserve(PAGE, 'data exports');
    m.space.commit(st.base, PAGE, PROT_R);
    st.used = 0;
  }
  const addr = st.base + st.used;
  m.mem.ram.set(bytes, addr); // host view: the page stays read-only for the guest
  // Code pointers (a vftable): the trap of each linked function, bound to this DLL but not exported.
  for (const l of decl.options.dataLinks ?? []) {
    const target: ApiDecl = { ...l.fn, dll: decl.dll };
    m.mem.ram.writeUInt32LE(m.dispatcher.trapFor({ dll: decl.dll, name: l.fn.name, decl: target }), addr + l.offset);
  }
  st.used += size;
  st.at.set(key, addr);
  return addr;
}
