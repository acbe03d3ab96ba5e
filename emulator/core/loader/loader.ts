/**
 * Maps a parsed PE image into the guest: reserves its address range (preferred base, else anywhere
 * with base relocations applied), copies headers and sections, binds every import to a trap stub
 * (by name or by ordinal), and sets the section protections.
 */
import { PeFormatError, parsePe, mapImage, applyRelocations, type PeImage } from '../pe/pe-file.js';
import { PAGE_SIZE, PROT_R, PROT_RW, PROT_RWX, PROT_RX, PROT_X, pageAlignUp } from '../memory/guest-memory.js';
import { DLL_AREA, EXE_BASE, OutOfGuestMemory } from '../memory/address-space.js';
import { ordinalName } from '../pe/ordinals.js';
import { dataExportAddress, isDataExport } from '../api/data-exports.js';
import type { Machine } from '../machine.js';
import { CPU_MODELS } from '../unicorn/unicorn.js';
import { parseResources, type ResourceDirectory } from '../pe/resources.js';

export class LoadError extends Error {}

/** An image the guest memory cannot hold (memory limit, address space) cannot be loaded: a LoadError. */
function noRoom<T>(name: string, size: number, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof OutOfGuestMemory) throw new LoadError(`${name}: no room for the 0x${size.toString(16)}-byte image: ${e.message}`);
    throw e;
  }
}

export interface LoadedModule {
  name: string;
  devicePath: string;
  base: number;
  size: number;
  /** Entry point address; bit 0 set = Thumb. */
  entry: number;
  stackSize: number;
  /** Executable ranges, for backtraces. */
  code: [number, number][];
  pe: PeImage;
  /** Whether the image was relocated away from its preferred base. */
  relocated: boolean;
  /** The parsed .rsrc tree (empty when the image has none). */
  resources: ResourceDirectory;
  symbolAt?(address: number): string;
}

/**
 * Binds the imports of a DLL that is not emulated: returns the export address for an import by name
 * or ordinal (undefined = not exported), or undefined as a whole when the DLL cannot be loaded.
 * Imports that stay unresolved are bound to traps that stop the run with their name when called.
 */
export type ImportResolver = (dll: string) => ((entry: { name?: string; ordinal?: number }) => number | undefined) | undefined;

const IMAGE_SCN_MEM_EXECUTE = 0x2000_0000;
const IMAGE_SCN_MEM_READ = 0x4000_0000;
const IMAGE_SCN_MEM_WRITE = 0x8000_0000;
const MACHINE_ARMNT = 0x01c4;

function sectionProt(characteristics: number): number {
  let p = 0;
  if (characteristics & IMAGE_SCN_MEM_READ) p |= PROT_R;
  if (characteristics & IMAGE_SCN_MEM_WRITE) p |= PROT_RW;
  if (characteristics & IMAGE_SCN_MEM_EXECUTE) p |= PROT_X | PROT_R;
  return p || PROT_R;
}

export function loadImage(
  m: Machine,
  bytes: Uint8Array,
  name: string,
  devicePath: string,
  isExe: boolean,
  resolveImport?: ImportResolver,
  /** Called once the image is mapped, before its imports are bound (a DLL import cycle resolves against it). */
  onMapped?: (base: number, pe: PeImage) => void,
): LoadedModule {
  const pe = parsePe(bytes, name);
  if (isExe && pe.isDll) throw new LoadError(`${name}: is a DLL, not an executable`);
  if (!isExe && !pe.isDll) throw new LoadError(`${name}: is an executable, not a DLL`);
  const image = mapImage(pe, bytes);
  const size = pageAlignUp(pe.sizeOfImage);
  let base = pe.imageBase >>> 0;
  let relocated = false;
  if (base % 0x10000 !== 0 || !m.space.reserveAt(base, size, name)) {
    // A resource-only DLL (no entry point, not marked relocations-stripped) has nothing to fix up: it
    // loads anywhere (shdocvw's shdoclc.dll has no .reloc and wants 0x10000000, as oleaut32 does).
    const nothingToFix = pe.isDll && !pe.relocsStripped && pe.relocations.length === 0 && pe.addressOfEntryPoint === 0;
    if (!nothingToFix && (pe.relocsStripped || pe.relocations.length === 0)) {
      throw new LoadError(`${name}: cannot load at its preferred base 0x${base.toString(16)} (address range taken or invalid) and it has no base relocations`);
    }
    base = noRoom(name, size, () => m.space.reserve(size, name, 0x10000, isExe ? EXE_BASE : DLL_AREA));
    applyRelocations(image, pe.relocations, (base - pe.imageBase) | 0);
    relocated = true;
  }
  noRoom(name, size, () => m.space.commit(base, size, PROT_RWX));
  m.mem.ram.set(image.subarray(0, Math.min(image.length, size)), base);

  onMapped?.(base, pe);

  // Bind imports: every IAT slot gets the trap stub of its export (emulated DLLs), or the export's
  // address in a real DLL the resolver loaded.
  for (const imp of pe.imports) {
    const dll = m.dlls.get(imp.dll);
    const dllName = dll?.spec.name ?? imp.dll;
    const real = dll ? undefined : resolveImport?.(imp.dll);
    for (const f of imp.entries) {
      const addr = real?.(f);
      if (addr !== undefined) {
        m.mem.ram.writeUInt32LE(addr >>> 0, base + f.iatRva);
        continue;
      }
      const decl = f.name !== undefined ? dll?.byName.get(f.name) : dll?.byOrdinal.get(f.ordinal!);
      const realName = f.name ?? dll?.nameOf(f.ordinal!) ?? ordinalName(imp.dll, f.ordinal!);
      const realOrdinal = f.ordinal ?? (f.name !== undefined ? dll?.ordinalOf(f.name) : undefined);
      if (isDataExport(decl)) {
        m.mem.ram.writeUInt32LE(dataExportAddress(m, decl), base + f.iatRva);
        continue;
      }
      const trap = m.dispatcher.trapFor({ dll: dllName, name: realName, ordinal: realOrdinal, decl });
      m.mem.ram.writeUInt32LE(trap, base + f.iatRva);
    }
  }

  // Protections: headers read-only, sections per their characteristics.
  m.mem.protect(base, pageAlignUp(Math.max(pe.sizeOfHeaders, 1)), PROT_R);
  const code: [number, number][] = [];
  for (const s of pe.sections) {
    const start = base + s.virtualAddress;
    const len = pageAlignUp(Math.max(s.virtualSize, s.sizeOfRawData, 1));
    if (s.virtualAddress % PAGE_SIZE) continue; // unusual alignment: leave RWX
    const prot = sectionProt(s.characteristics);
    m.mem.protect(start, Math.min(len, base + size - start), prot);
    if (prot & PROT_X) code.push([start, start + s.virtualSize]);
  }

  const thumb = pe.machine === MACHINE_ARMNT || pe.entryThumb;
  const entryRva = pe.addressOfEntryPoint;
  const entry = entryRva === 0 ? 0 : ((base + (entryRva & ~1)) | (thumb ? 1 : 0)) >>> 0;
  if (isExe && entry === 0) throw new LoadError(`${name}: executable has no entry point`);
  if (thumb && entry && !CPU_MODELS[m.uc.cpu]?.thumb2) {
    const first = m.mem.ram.readUInt16LE(entry & ~1);
    if (first >>> 11 >= 0b11101) {
      throw new LoadError(`${name}: the entry point is Thumb-2 code, which the ${m.uc.cpu} CPU model cannot execute (use --cpu cortex-a8)`);
    }
  }
  const mod: LoadedModule = {
    name,
    devicePath,
    base,
    size,
    entry,
    stackSize: pe.stackReserve || 0x1_0000,
    code,
    pe,
    relocated,
    resources: parseResources(image, pe.resources),
  };
  m.modules.push(mod);
  return mod;
}

export { PeFormatError, PROT_RX };
