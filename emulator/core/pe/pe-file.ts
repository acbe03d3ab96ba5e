/**
 * PE32 parser for Windows CE / Windows Mobile ARM executables and DLLs.
 *
 * Pure module: no emulator dependencies, no I/O. `parsePe` validates the file the way the Windows
 * loader would (plus a few sanity limits) and returns a plain, typed description of it. Every read
 * is bounds-checked; a malformed file is always reported as a {@link PeFormatError} whose message is a
 * single line naming what is wrong and where. No other exception type escapes `parsePe`.
 *
 * Data directories are read "as mapped": an RVA is resolved through the section table exactly as
 * {@link mapImage} lays the image out (headers, then each section's raw data, zero fill elsewhere),
 * so the parser sees the same bytes the emulated program will.
 */

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

export const IMAGE_FILE_MACHINE_ARM = 0x01c0;
/** "THUMB" in winnt.h; what CE calls ARMV4I: ARM code with Thumb interworking. */
export const IMAGE_FILE_MACHINE_THUMB = 0x01c2;
/** ARMv7 Thumb-2 ("ARMNT"), what modern LLVM/MSVC emit for 32-bit ARM. */
export const IMAGE_FILE_MACHINE_ARMNT = 0x01c4;

export const SUPPORTED_MACHINES: readonly number[] = [IMAGE_FILE_MACHINE_ARM, IMAGE_FILE_MACHINE_THUMB, IMAGE_FILE_MACHINE_ARMNT];

/** Human names of machine types (supported ones and common ones seen in rejected files). */
export const MACHINE_NAMES: Readonly<Record<number, string>> = {
  0x0000: 'unknown',
  0x014c: 'i386',
  0x0162: 'MIPS R3000',
  0x0166: 'MIPS R4000',
  0x0168: 'MIPS R10000',
  0x0169: 'MIPS WCE v2',
  0x01a2: 'SH3',
  0x01a3: 'SH3 DSP',
  0x01a6: 'SH4',
  0x01a8: 'SH5',
  0x01c0: 'ARM',
  0x01c2: 'ARMV4I: ARM with Thumb interworking',
  0x01c4: 'ARMNT: ARMv7 Thumb-2',
  0x01d3: 'AM33',
  0x01f0: 'PowerPC',
  0x01f1: 'PowerPC FP',
  0x0200: 'IA64',
  0x0266: 'MIPS16',
  0x0366: 'MIPS FPU',
  0x0466: 'MIPS16 FPU',
  0x0ebc: 'EFI byte code',
  0x8664: 'AMD64',
  0x9041: 'M32R',
  0xaa64: 'ARM64',
};

export const SUBSYSTEM_NAMES: Readonly<Record<number, string>> = {
  0: 'unknown',
  1: 'native',
  2: 'Windows GUI',
  3: 'Windows console',
  5: 'OS/2 console',
  7: 'POSIX console',
  8: 'native Win9x driver',
  9: 'Windows CE GUI',
  10: 'EFI application',
  11: 'EFI boot service driver',
  12: 'EFI runtime driver',
  13: 'EFI ROM',
  14: 'Xbox',
  16: 'Windows boot application',
};

/** File header characteristics. */
export const IMAGE_FILE_RELOCS_STRIPPED = 0x0001;
export const IMAGE_FILE_EXECUTABLE_IMAGE = 0x0002;
export const IMAGE_FILE_DLL = 0x2000;

/** Section characteristics. */
export const IMAGE_SCN_CNT_CODE = 0x00000020;
export const IMAGE_SCN_CNT_INITIALIZED_DATA = 0x00000040;
export const IMAGE_SCN_CNT_UNINITIALIZED_DATA = 0x00000080;
export const IMAGE_SCN_MEM_DISCARDABLE = 0x02000000;
export const IMAGE_SCN_MEM_SHARED = 0x10000000;
export const IMAGE_SCN_MEM_EXECUTE = 0x20000000;
export const IMAGE_SCN_MEM_READ = 0x40000000;
export const IMAGE_SCN_MEM_WRITE = 0x80000000;

/** Data directory indices. */
export const DIR_EXPORT = 0;
export const DIR_IMPORT = 1;
export const DIR_RESOURCE = 2;
export const DIR_EXCEPTION = 3;
export const DIR_SECURITY = 4;
export const DIR_BASERELOC = 5;
export const DIR_DEBUG = 6;
export const DIR_ARCHITECTURE = 7;
export const DIR_GLOBALPTR = 8;
export const DIR_TLS = 9;
export const DIR_LOAD_CONFIG = 10;
export const DIR_BOUND_IMPORT = 11;
export const DIR_IAT = 12;
export const DIR_DELAY_IMPORT = 13;
export const DIR_COM_DESCRIPTOR = 14;

export const DATA_DIRECTORY_NAMES: readonly string[] = [
  'export',
  'import',
  'resource',
  'exception',
  'security',
  'basereloc',
  'debug',
  'architecture',
  'globalptr',
  'tls',
  'load config',
  'bound import',
  'iat',
  'delay import',
  'com descriptor',
  'reserved',
];

/** Base relocation types handled by this module. */
export const IMAGE_REL_BASED_ABSOLUTE = 0;
export const IMAGE_REL_BASED_HIGH = 1;
export const IMAGE_REL_BASED_LOW = 2;
export const IMAGE_REL_BASED_HIGHLOW = 3;
/** movw/movt pair in ARM (A32) mode; the entry points at the movw, the movt follows at +4. */
export const IMAGE_REL_BASED_ARM_MOV32 = 5;
/** movw/movt pair in Thumb-2 (T32) mode; the entry points at the movw, the movt follows at +4. */
export const IMAGE_REL_BASED_THUMB_MOV32 = 7;

export const RELOCATION_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'ABSOLUTE',
  1: 'HIGH',
  2: 'LOW',
  3: 'HIGHLOW',
  4: 'HIGHADJ',
  5: 'ARM_MOV32',
  7: 'THUMB_MOV32',
  10: 'DIR64',
};

/** Bytes patched by each supported relocation type. */
const RELOC_WIDTH: Readonly<Record<number, number>> = { 0: 0, 1: 2, 2: 2, 3: 4, 5: 8, 7: 8 };

/** Sanity limits. */
export const PE_LIMITS = {
  /** Windows refuses images with more than 96 sections. */
  maxSections: 96,
  maxSizeOfImage: 256 * 1024 * 1024,
  maxImportDlls: 1024,
  maxImportsPerDll: 10_000,
  maxNameLength: 512,
  /** Ordinals are 16-bit, so an export table cannot usefully hold more. */
  maxExports: 0x10000,
  maxRelocationEntries: 4 * 1024 * 1024,
} as const;

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/** Error thrown for any malformed or unsupported PE file. The message is always a single line. */
export class PeFormatError extends Error {
  override readonly name = 'PeFormatError';
  /** The file name given to parsePe, if any. */
  readonly fileName: string | undefined;
  /** The message without the `fileName: ` prefix. */
  readonly detail: string;
  constructor(detail: string, fileName?: string) {
    const oneLine = detail.replace(/[\r\n]+/g, ' ');
    super(fileName ? `${printable(fileName)}: ${oneLine}` : oneLine);
    this.fileName = fileName;
    this.detail = oneLine;
  }
}

export interface PeDataDirectory {
  /** Index in the data directory array (DIR_* constants). */
  index: number;
  name: string;
  /** RVA (for the security directory: a file offset). */
  rva: number;
  size: number;
}

export interface PeSection {
  /** Name with trailing NULs removed (raw bytes decoded as Latin-1). */
  name: string;
  virtualAddress: number;
  /** VirtualSize as stored in the header. */
  virtualSize: number;
  pointerToRawData: number;
  sizeOfRawData: number;
  characteristics: number;
  readable: boolean;
  writable: boolean;
  executable: boolean;
  /** `r`/`w`/`x` or `-` for each, e.g. `r-x`. */
  protection: string;
  /**
   * Bytes the section occupies in memory: VirtualSize (or SizeOfRawData when VirtualSize is 0) rounded
   * up to SectionAlignment, clipped to SizeOfImage.
   */
  mappedSize: number;
  /** Bytes copied from the file at `pointerToRawData`: min(SizeOfRawData, mappedSize), 0 if no raw data. */
  rawCopySize: number;
}

export interface PeImportEntry {
  /** Set for imports by ordinal (IMAGE_ORDINAL_FLAG32). */
  ordinal?: number;
  /** Set for imports by name. */
  name?: string;
  /** Hint (index into the exporter's name table) for imports by name. */
  hint?: number;
  /** RVA of the IAT slot the loader must fill with the resolved address. */
  iatRva: number;
}

export interface PeImportDll {
  dll: string;
  /** RVA of the import lookup table (OriginalFirstThunk, or FirstThunk when that is 0). */
  lookupRva: number;
  /** RVA of the import address table (FirstThunk). */
  iatRva: number;
  timeDateStamp: number;
  entries: PeImportEntry[];
}

export interface PeDelayImportDll extends PeImportDll {
  attributes: number;
  /** RVA of the HMODULE slot, 0 if none. */
  moduleHandleRva: number;
}

export interface PeExportFunction {
  ordinal: number;
  /** RVA of the code/data, or of the forwarder string when `forwarder` is set. */
  rva: number;
  /** First name exporting this ordinal, if any. */
  name?: string;
  /** All names exporting this ordinal (usually zero or one). */
  names: string[];
  /** `OTHER.Func` or `OTHER.#12` when the export is forwarded to another DLL. */
  forwarder?: string;
}

export interface PeExports {
  dllName: string;
  ordinalBase: number;
  timeDateStamp: number;
  numberOfFunctions: number;
  numberOfNames: number;
  /** Non-empty slots (RVA != 0), ascending by ordinal. */
  functions: PeExportFunction[];
}

export interface PeRelocationEntry {
  /** IMAGE_REL_BASED_* type (high 4 bits). */
  type: number;
  /** Offset inside the 4 KiB page (low 12 bits). */
  offset: number;
  /** pageRva + offset. */
  rva: number;
}

export interface PeRelocationBlock {
  pageRva: number;
  entries: PeRelocationEntry[];
}

export interface PeTlsDirectory {
  rva: number;
  size: number;
  /** The following are virtual addresses (relative to the preferred ImageBase), as stored. */
  startAddressOfRawData: number;
  endAddressOfRawData: number;
  addressOfIndex: number;
  addressOfCallBacks: number;
  sizeOfZeroFill: number;
  characteristics: number;
}

export interface PeImage {
  fileName?: string;
  fileSize: number;
  /** File offset of the "PE\0\0" signature (e_lfanew). */
  ntHeadersOffset: number;
  machine: number;
  machineName: string;
  /** File header characteristics. */
  characteristics: number;
  isDll: boolean;
  relocsStripped: boolean;
  timeDateStamp: number;
  linkerVersion: { major: number; minor: number };
  imageBase: number;
  sizeOfImage: number;
  sizeOfHeaders: number;
  sectionAlignment: number;
  fileAlignment: number;
  sizeOfCode: number;
  checkSum: number;
  /** AddressOfEntryPoint as stored (0 = none; DLLs only). Bit 0 set means a Thumb entry. */
  addressOfEntryPoint: number;
  /** True when bit 0 of AddressOfEntryPoint is set. */
  entryThumb: boolean;
  /** True when the image's code is Thumb-2 by definition (machine ARMNT). */
  thumbCode: boolean;
  /** Instruction set at the entry point: Thumb if bit 0 is set or the machine is ARMNT. */
  entryMode: 'arm' | 'thumb';
  /** ImageBase + AddressOfEntryPoint (bit 0 kept, suitable for BX), or 0 when there is no entry. */
  entryVa: number;
  subsystem: number;
  subsystemName: string;
  osVersion: { major: number; minor: number };
  imageVersion: { major: number; minor: number };
  subsystemVersion: { major: number; minor: number };
  dllCharacteristics: number;
  stackReserve: number;
  stackCommit: number;
  heapReserve: number;
  heapCommit: number;
  /** All data directories present in the header (NumberOfRvaAndSizes, at most 16). */
  dataDirectories: PeDataDirectory[];
  sections: PeSection[];
  imports: PeImportDll[];
  delayImports: PeDelayImportDll[];
  exports?: PeExports;
  relocations: PeRelocationBlock[];
  /** Location of the resource directory (.rsrc), not parsed here. */
  resources?: { rva: number; size: number };
  tls?: PeTlsDirectory;
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

/** `0x1a2b` (lowercase, no padding). */
export function hex(n: number): string {
  return '0x' + (n >>> 0).toString(16);
}

/** `0x01C2`: machine-style, uppercase, 4 digits. */
export function hex4(n: number): string {
  return '0x' + (n >>> 0).toString(16).toUpperCase().padStart(4, '0');
}

/** Escapes control and non-ASCII characters so a string from a file can go in a one-line message. */
export function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? '\\x' + code.toString(16).padStart(2, '0') : '\\u' + code.toString(16).padStart(4, '0');
  });
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

function alignUp(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

export function machineName(machine: number): string {
  return MACHINE_NAMES[machine] ?? 'unknown machine';
}

export function subsystemName(subsystem: number): string {
  return SUBSYSTEM_NAMES[subsystem] ?? 'unknown subsystem';
}

export function protectionString(characteristics: number): string {
  return (
    (characteristics & IMAGE_SCN_MEM_READ ? 'r' : '-') +
    (characteristics & IMAGE_SCN_MEM_WRITE ? 'w' : '-') +
    (characteristics & IMAGE_SCN_MEM_EXECUTE ? 'x' : '-')
  );
}

// ---------------------------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------------------------

const DOS_HEADER_SIZE = 64;
const FILE_HEADER_SIZE = 20;
const PE32_OPTIONAL_FIXED = 96;
const SECTION_HEADER_SIZE = 40;
const IMPORT_DESCRIPTOR_SIZE = 20;
const DELAY_DESCRIPTOR_SIZE = 32;
const EXPORT_DIRECTORY_SIZE = 40;
const TLS_DIRECTORY_SIZE = 24;
const IMAGE_ORDINAL_FLAG32 = 0x80000000;

class Parser {
  private readonly len: number;
  /** Set once the section table is validated; used by the RVA readers. */
  private sizeOfImage = 0;
  private headerBytes = 0;
  private sections: PeSection[] = [];
  private lastSection: PeSection | undefined;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly fileName: string | undefined,
  ) {
    this.len = bytes.length;
  }

  fail(detail: string): never {
    throw new PeFormatError(detail, this.fileName);
  }

  // --- file-offset reads (bounds-checked) -------------------------------------------------------

  private needFile(off: number, size: number, what: string): void {
    if (off < 0 || off + size > this.len) {
      this.fail(`truncated: file is ${this.len} bytes, ${what} at ${hex(off)} needs ${size}`);
    }
  }

  u8(off: number): number {
    this.needFile(off, 1, 'read');
    return this.bytes[off]!;
  }
  u16(off: number): number {
    this.needFile(off, 2, 'read');
    return this.bytes[off]! | (this.bytes[off + 1]! << 8);
  }
  u32(off: number): number {
    this.needFile(off, 4, 'read');
    return (this.bytes[off]! | (this.bytes[off + 1]! << 8) | (this.bytes[off + 2]! << 16) | (this.bytes[off + 3]! << 24)) >>> 0;
  }

  // --- RVA reads (as mapped) --------------------------------------------------------------------

  /** Fails unless [rva, rva+size) lies inside the image. */
  checkRva(rva: number, size: number, what: string): void {
    if (rva >= this.sizeOfImage) {
      this.fail(`${what} RVA ${hex(rva)} is outside the image (SizeOfImage ${hex(this.sizeOfImage)})`);
    }
    if (rva + size > this.sizeOfImage) {
      this.fail(`${what} RVA ${hex(rva)}+${hex(size)} extends past the end of the image (SizeOfImage ${hex(this.sizeOfImage)})`);
    }
  }

  /** Byte at an RVA as mapImage would place it (0 in zero-filled areas). Caller checks bounds. */
  private byteAt(rva: number): number {
    if (rva < this.headerBytes) return this.bytes[rva]!;
    let s = this.lastSection;
    if (!s || rva < s.virtualAddress || rva >= s.virtualAddress + s.mappedSize) {
      s = undefined;
      for (const sec of this.sections) {
        if (rva >= sec.virtualAddress && rva < sec.virtualAddress + sec.mappedSize) {
          s = sec;
          break;
        }
      }
      if (!s) return 0;
      this.lastSection = s;
    }
    const off = rva - s.virtualAddress;
    return off < s.rawCopySize ? this.bytes[s.pointerToRawData + off]! : 0;
  }

  r16(rva: number, what: string): number {
    this.checkRva(rva, 2, what);
    return this.byteAt(rva) | (this.byteAt(rva + 1) << 8);
  }

  r32(rva: number, what: string): number {
    this.checkRva(rva, 4, what);
    return (this.byteAt(rva) | (this.byteAt(rva + 1) << 8) | (this.byteAt(rva + 2) << 16) | (this.byteAt(rva + 3) << 24)) >>> 0;
  }

  /** NUL-terminated string at an RVA, at most PE_LIMITS.maxNameLength characters. */
  cstr(rva: number, what: string): string {
    this.checkRva(rva, 1, what);
    let s = '';
    for (let i = 0; ; i++) {
      if (rva + i >= this.sizeOfImage) {
        this.fail(`${what} at RVA ${hex(rva)} is unterminated: runs past the end of the image`);
      }
      const b = this.byteAt(rva + i);
      if (b === 0) return s;
      if (i >= PE_LIMITS.maxNameLength) {
        this.fail(`${what} at RVA ${hex(rva)} is unterminated within ${PE_LIMITS.maxNameLength} bytes`);
      }
      s += String.fromCharCode(b);
    }
  }

  // --- top level -------------------------------------------------------------------------------

  parse(): PeImage {
    const len = this.len;
    if (len < DOS_HEADER_SIZE) this.fail(`truncated: file is ${len} bytes, DOS header needs ${DOS_HEADER_SIZE}`);
    const mz = this.u16(0);
    if (mz !== 0x5a4d) this.fail(`bad DOS signature ${hex4(mz)} at 0x0 (expected "MZ")`);
    const peOff = this.u32(0x3c);
    if (peOff + 4 > len) {
      this.fail(`e_lfanew ${hex(peOff)} points past the end of the file (${hex(len)} bytes)`);
    }
    const sig = this.u32(peOff);
    if (sig !== 0x00004550) this.fail(`bad NT signature ${hex(sig)} at ${hex(peOff)} (expected "PE\\0\\0")`);
    if (peOff + 4 + FILE_HEADER_SIZE > len) {
      this.fail(`truncated: file is ${len} bytes, NT headers at ${hex(peOff)} need at least ${4 + FILE_HEADER_SIZE}`);
    }

    // IMAGE_FILE_HEADER
    const fh = peOff + 4;
    const machine = this.u16(fh);
    const numberOfSections = this.u16(fh + 2);
    const timeDateStamp = this.u32(fh + 4);
    const sizeOfOptionalHeader = this.u16(fh + 16);
    const characteristics = this.u16(fh + 18);
    const ntSize = 4 + FILE_HEADER_SIZE + sizeOfOptionalHeader;
    if (peOff + ntSize > len) {
      this.fail(`truncated: file is ${len} bytes, NT headers at ${hex(peOff)} need ${ntSize}`);
    }
    if (!SUPPORTED_MACHINES.includes(machine)) {
      this.fail(`unsupported machine ${hex4(machine)} (${machineName(machine)}): only ARM images ` + `(0x01C0 ARM, 0x01C2 ARMV4I/THUMB, 0x01C4 ARMNT) can run`);
    }

    // IMAGE_OPTIONAL_HEADER32
    const oh = fh + FILE_HEADER_SIZE;
    if (sizeOfOptionalHeader < 2) {
      this.fail(`SizeOfOptionalHeader ${sizeOfOptionalHeader} is too small for a PE32 image (need at least ${PE32_OPTIONAL_FIXED})`);
    }
    const magic = this.u16(oh);
    if (magic === 0x20b) this.fail(`optional header magic 0x20b: PE32+ (64-bit) images are not supported`);
    if (magic !== 0x10b) this.fail(`bad optional header magic ${hex(magic)} at ${hex(oh)} (expected 0x10b, PE32)`);
    if (sizeOfOptionalHeader < PE32_OPTIONAL_FIXED) {
      this.fail(`SizeOfOptionalHeader ${sizeOfOptionalHeader} is too small for a PE32 image (need at least ${PE32_OPTIONAL_FIXED})`);
    }
    const linkerVersion = { major: this.u8(oh + 2), minor: this.u8(oh + 3) };
    const sizeOfCode = this.u32(oh + 4);
    const addressOfEntryPoint = this.u32(oh + 16);
    const imageBase = this.u32(oh + 28);
    const sectionAlignment = this.u32(oh + 32);
    const fileAlignment = this.u32(oh + 36);
    const osVersion = { major: this.u16(oh + 40), minor: this.u16(oh + 42) };
    const imageVersion = { major: this.u16(oh + 44), minor: this.u16(oh + 46) };
    const subsystemVersion = { major: this.u16(oh + 48), minor: this.u16(oh + 50) };
    const sizeOfImage = this.u32(oh + 56);
    const sizeOfHeaders = this.u32(oh + 60);
    const checkSum = this.u32(oh + 64);
    const subsystem = this.u16(oh + 68);
    const dllCharacteristics = this.u16(oh + 70);
    const stackReserve = this.u32(oh + 72);
    const stackCommit = this.u32(oh + 76);
    const heapReserve = this.u32(oh + 80);
    const heapCommit = this.u32(oh + 84);
    const numberOfRvaAndSizes = this.u32(oh + 92);

    // Windows clamps NumberOfRvaAndSizes to 16.
    const dirCount = Math.min(numberOfRvaAndSizes, 16);
    const dirBytes = PE32_OPTIONAL_FIXED + 8 * dirCount;
    if (dirBytes > sizeOfOptionalHeader) {
      this.fail(`NumberOfRvaAndSizes ${numberOfRvaAndSizes} needs ${dirBytes} bytes of optional header but SizeOfOptionalHeader is ${sizeOfOptionalHeader}`);
    }
    const dataDirectories: PeDataDirectory[] = [];
    for (let i = 0; i < dirCount; i++) {
      dataDirectories.push({
        index: i,
        name: DATA_DIRECTORY_NAMES[i]!,
        rva: this.u32(oh + PE32_OPTIONAL_FIXED + 8 * i),
        size: this.u32(oh + PE32_OPTIONAL_FIXED + 8 * i + 4),
      });
    }

    // Layout sanity.
    if (!isPowerOfTwo(fileAlignment) || fileAlignment > 0x10000) {
      this.fail(`FileAlignment ${hex(fileAlignment)} is invalid (must be a power of two <= 0x10000)`);
    }
    if (!isPowerOfTwo(sectionAlignment) || sectionAlignment > 0x1000000) {
      this.fail(`SectionAlignment ${hex(sectionAlignment)} is invalid (must be a power of two <= 0x1000000)`);
    }
    if (sectionAlignment < fileAlignment) {
      this.fail(`SectionAlignment ${hex(sectionAlignment)} is smaller than FileAlignment ${hex(fileAlignment)}`);
    }
    if (sizeOfImage > PE_LIMITS.maxSizeOfImage) {
      this.fail(`SizeOfImage ${hex(sizeOfImage)} is absurd (limit ${PE_LIMITS.maxSizeOfImage / (1024 * 1024)} MiB)`);
    }
    if (imageBase % 0x10000 !== 0) {
      this.fail(`ImageBase ${hex(imageBase)} is not a multiple of 64 KiB`);
    }
    if (imageBase + sizeOfImage > 0x1_0000_0000) {
      this.fail(`image ${hex(imageBase)}+${hex(sizeOfImage)} extends past the 4 GiB address space`);
    }
    if (numberOfSections > PE_LIMITS.maxSections) {
      this.fail(`too many sections (${numberOfSections}; limit ${PE_LIMITS.maxSections})`);
    }
    const secTable = oh + sizeOfOptionalHeader;
    const secTableEnd = secTable + numberOfSections * SECTION_HEADER_SIZE;
    if (secTableEnd > len) {
      this.fail(
        `truncated: file is ${len} bytes, section table at ${hex(secTable)} needs ${numberOfSections}*${SECTION_HEADER_SIZE} = ${numberOfSections * SECTION_HEADER_SIZE}`,
      );
    }
    if (sizeOfHeaders < secTableEnd) {
      this.fail(`SizeOfHeaders ${hex(sizeOfHeaders)} does not cover the headers and section table (end ${hex(secTableEnd)})`);
    }
    if (sizeOfHeaders > len) {
      this.fail(`SizeOfHeaders ${hex(sizeOfHeaders)} extends past the end of the file (${hex(len)} bytes)`);
    }
    if (sizeOfHeaders > sizeOfImage) {
      this.fail(`SizeOfHeaders ${hex(sizeOfHeaders)} is larger than SizeOfImage ${hex(sizeOfImage)}`);
    }
    this.sizeOfImage = sizeOfImage;
    this.headerBytes = sizeOfHeaders;

    // Section table.
    const sections: PeSection[] = [];
    let prevEnd = alignUp(sizeOfHeaders, sectionAlignment);
    let prevName = 'headers';
    for (let i = 0; i < numberOfSections; i++) {
      const sh = secTable + i * SECTION_HEADER_SIZE;
      let nameEnd = sh;
      while (nameEnd < sh + 8 && this.bytes[nameEnd] !== 0) nameEnd++;
      const name = latin1(this.bytes, sh, nameEnd);
      const label = `section ${printable(name) || `#${i + 1}`}`;
      const virtualSize = this.u32(sh + 8);
      const virtualAddress = this.u32(sh + 12);
      const sizeOfRawData = this.u32(sh + 16);
      const pointerToRawData = this.u32(sh + 20);
      const ch = this.u32(sh + 36);
      const vsize = virtualSize !== 0 ? virtualSize : sizeOfRawData;
      if (virtualAddress % sectionAlignment !== 0) {
        this.fail(`${label} virtual address ${hex(virtualAddress)} is not aligned to SectionAlignment ${hex(sectionAlignment)}`);
      }
      if (virtualAddress < prevEnd) {
        this.fail(`${label} at RVA ${hex(virtualAddress)} overlaps ${prevName} (ending at ${hex(prevEnd)})`);
      }
      if (virtualAddress + vsize > sizeOfImage) {
        this.fail(`${label} ${hex(virtualAddress)}+${hex(vsize)} extends past SizeOfImage ${hex(sizeOfImage)}`);
      }
      const mappedSize = Math.min(alignUp(vsize, sectionAlignment), sizeOfImage - virtualAddress);
      const rawCopySize = pointerToRawData === 0 ? 0 : Math.min(sizeOfRawData, mappedSize);
      if (rawCopySize > 0 && pointerToRawData + rawCopySize > len) {
        this.fail(`${label} raw data ${hex(pointerToRawData)}+${hex(rawCopySize)} extends past end of file (${hex(len)} bytes)`);
      }
      sections.push({
        name,
        virtualAddress,
        virtualSize,
        pointerToRawData,
        sizeOfRawData,
        characteristics: ch,
        readable: (ch & IMAGE_SCN_MEM_READ) !== 0,
        writable: (ch & IMAGE_SCN_MEM_WRITE) !== 0,
        executable: (ch & IMAGE_SCN_MEM_EXECUTE) !== 0,
        protection: protectionString(ch),
        mappedSize,
        rawCopySize,
      });
      prevEnd = virtualAddress + mappedSize;
      prevName = label;
    }
    this.sections = sections;

    // Entry point.
    const isDll = (characteristics & IMAGE_FILE_DLL) !== 0;
    if (addressOfEntryPoint === 0 && !isDll) this.fail(`executable has no entry point (AddressOfEntryPoint 0)`);
    if (addressOfEntryPoint >= sizeOfImage) {
      this.fail(`AddressOfEntryPoint ${hex(addressOfEntryPoint)} is outside the image (SizeOfImage ${hex(sizeOfImage)})`);
    }
    const entryThumb = (addressOfEntryPoint & 1) !== 0;
    const thumbCode = machine === IMAGE_FILE_MACHINE_ARMNT;

    const dir = (i: number): PeDataDirectory | undefined => {
      const d = dataDirectories[i];
      return d && (d.rva !== 0 || d.size !== 0) ? d : undefined;
    };

    const pe: PeImage = {
      fileName: this.fileName,
      fileSize: len,
      ntHeadersOffset: peOff,
      machine,
      machineName: machineName(machine),
      characteristics,
      isDll,
      relocsStripped: (characteristics & IMAGE_FILE_RELOCS_STRIPPED) !== 0,
      timeDateStamp,
      linkerVersion,
      imageBase,
      sizeOfImage,
      sizeOfHeaders,
      sectionAlignment,
      fileAlignment,
      sizeOfCode,
      checkSum,
      addressOfEntryPoint,
      entryThumb,
      thumbCode,
      entryMode: entryThumb || thumbCode ? 'thumb' : 'arm',
      entryVa: addressOfEntryPoint === 0 ? 0 : (imageBase + addressOfEntryPoint) >>> 0,
      subsystem,
      subsystemName: subsystemName(subsystem),
      osVersion,
      imageVersion,
      subsystemVersion,
      dllCharacteristics,
      stackReserve,
      stackCommit,
      heapReserve,
      heapCommit,
      dataDirectories,
      sections,
      imports: [],
      delayImports: [],
      relocations: [],
    };

    const imp = dir(DIR_IMPORT);
    if (imp) pe.imports = this.parseImports(imp);
    const delay = dir(DIR_DELAY_IMPORT);
    if (delay) pe.delayImports = this.parseDelayImports(delay, imageBase);
    const exp = dir(DIR_EXPORT);
    if (exp) pe.exports = this.parseExports(exp);
    const rel = dir(DIR_BASERELOC);
    if (rel) pe.relocations = this.parseRelocations(rel);
    const rsrc = dir(DIR_RESOURCE);
    if (rsrc) {
      this.checkRva(rsrc.rva, rsrc.size, 'resource directory');
      pe.resources = { rva: rsrc.rva, size: rsrc.size };
    }
    const tls = dir(DIR_TLS);
    if (tls) pe.tls = this.parseTls(tls);
    return pe;
  }

  // --- imports ---------------------------------------------------------------------------------

  private parseImports(d: PeDataDirectory): PeImportDll[] {
    this.checkRva(d.rva, IMPORT_DESCRIPTOR_SIZE, 'import directory');
    const out: PeImportDll[] = [];
    for (let i = 0; ; i++) {
      const at = d.rva + i * IMPORT_DESCRIPTOR_SIZE;
      if (at + IMPORT_DESCRIPTOR_SIZE > this.sizeOfImage) {
        this.fail(`import descriptor table at RVA ${hex(d.rva)} has no terminator within the image`);
      }
      if (i >= PE_LIMITS.maxImportDlls) {
        this.fail(`import descriptor table at RVA ${hex(d.rva)} lists more than ${PE_LIMITS.maxImportDlls} DLLs`);
      }
      const originalFirstThunk = this.r32(at, 'import descriptor');
      const timeDateStamp = this.r32(at + 4, 'import descriptor');
      const nameRva = this.r32(at + 12, 'import descriptor');
      const firstThunk = this.r32(at + 16, 'import descriptor');
      // Like the Windows loader: the list ends at the first descriptor without a name or IAT.
      if (nameRva === 0 || firstThunk === 0) break;
      const dll = this.cstr(nameRva, `import DLL name (descriptor ${i})`);
      if (dll.length === 0) this.fail(`import descriptor ${i} at RVA ${hex(at)} has an empty DLL name`);
      const lookupRva = originalFirstThunk !== 0 ? originalFirstThunk : firstThunk;
      out.push({
        dll,
        lookupRva,
        iatRva: firstThunk,
        timeDateStamp,
        entries: this.parseThunks(dll, lookupRva, firstThunk, 0),
      });
    }
    return out;
  }

  /** Walks an import lookup table; `vaBias` is subtracted from name pointers (VA-based delay tables). */
  private parseThunks(dll: string, lookupRva: number, iatRva: number, vaBias: number): PeImportEntry[] {
    const dllLabel = printable(dll);
    const entries: PeImportEntry[] = [];
    this.checkRva(lookupRva, 4, `import lookup table for ${dllLabel}`);
    this.checkRva(iatRva, 4, `import address table for ${dllLabel}`);
    for (let n = 0; ; n++) {
      const at = lookupRva + 4 * n;
      if (at + 4 > this.sizeOfImage) {
        this.fail(`import thunk list for ${dllLabel} at RVA ${hex(lookupRva)} has no terminator within the image`);
      }
      const thunk = this.r32(at, `import thunk for ${dllLabel}`);
      if (thunk === 0) break;
      if (n >= PE_LIMITS.maxImportsPerDll) {
        this.fail(`import thunk list for ${dllLabel} at RVA ${hex(lookupRva)} has more than ${PE_LIMITS.maxImportsPerDll} entries`);
      }
      const slot = iatRva + 4 * n;
      this.checkRva(slot, 4, `import address table slot ${n} for ${dllLabel}`);
      if (thunk & IMAGE_ORDINAL_FLAG32) {
        entries.push({ ordinal: thunk & 0xffff, iatRva: slot });
      } else {
        const hintRva = ((thunk & 0x7fffffff) - vaBias) >>> 0;
        const hint = this.r16(hintRva, `import hint/name for ${dllLabel} entry ${n}`);
        const name = this.cstr(hintRva + 2, `import name string for ${dllLabel} entry ${n}`);
        entries.push({ name, hint, iatRva: slot });
      }
    }
    return entries;
  }

  private parseDelayImports(d: PeDataDirectory, imageBase: number): PeDelayImportDll[] {
    this.checkRva(d.rva, DELAY_DESCRIPTOR_SIZE, 'delay import directory');
    const out: PeDelayImportDll[] = [];
    for (let i = 0; ; i++) {
      const at = d.rva + i * DELAY_DESCRIPTOR_SIZE;
      if (at + DELAY_DESCRIPTOR_SIZE > this.sizeOfImage) {
        this.fail(`delay import descriptor table at RVA ${hex(d.rva)} has no terminator within the image`);
      }
      if (i >= PE_LIMITS.maxImportDlls) {
        this.fail(`delay import descriptor table at RVA ${hex(d.rva)} lists more than ${PE_LIMITS.maxImportDlls} DLLs`);
      }
      const what = 'delay import descriptor';
      const attributes = this.r32(at, what);
      const rawName = this.r32(at + 4, what);
      if (rawName === 0) break;
      // Attribute bit 0 set: fields are RVAs; clear (old VC6 style): virtual addresses.
      const bias = attributes & 1 ? 0 : imageBase;
      const toRva = (v: number, field: string): number => {
        if (v === 0) return 0;
        if (v < bias) this.fail(`delay import descriptor ${i} ${field} ${hex(v)} is below ImageBase ${hex(imageBase)}`);
        return (v - bias) >>> 0;
      };
      const nameRva = toRva(rawName, 'DllName');
      const moduleHandleRva = toRva(this.r32(at + 8, what), 'ModuleHandle');
      const iatRva = toRva(this.r32(at + 12, what), 'ImportAddressTable');
      const intRva = toRva(this.r32(at + 16, what), 'ImportNameTable');
      const timeDateStamp = this.r32(at + 28, what);
      const dll = this.cstr(nameRva, `delay import DLL name (descriptor ${i})`);
      if (iatRva === 0 || intRva === 0) {
        this.fail(`delay import descriptor ${i} (${printable(dll)}) has no address or name table`);
      }
      out.push({
        dll,
        attributes,
        moduleHandleRva,
        lookupRva: intRva,
        iatRva,
        timeDateStamp,
        entries: this.parseThunks(dll, intRva, iatRva, bias),
      });
    }
    return out;
  }

  // --- exports ---------------------------------------------------------------------------------

  private parseExports(d: PeDataDirectory): PeExports {
    if (d.size < EXPORT_DIRECTORY_SIZE) {
      this.fail(`export directory size ${hex(d.size)} is smaller than IMAGE_EXPORT_DIRECTORY (${EXPORT_DIRECTORY_SIZE})`);
    }
    this.checkRva(d.rva, d.size, 'export directory');
    const w = 'export directory';
    const timeDateStamp = this.r32(d.rva + 4, w);
    const nameRva = this.r32(d.rva + 12, w);
    const ordinalBase = this.r32(d.rva + 16, w);
    const numberOfFunctions = this.r32(d.rva + 20, w);
    const numberOfNames = this.r32(d.rva + 24, w);
    const functionsRva = this.r32(d.rva + 28, w);
    const namesRva = this.r32(d.rva + 32, w);
    const nameOrdinalsRva = this.r32(d.rva + 36, w);
    if (
      numberOfFunctions > PE_LIMITS.maxExports ||
      numberOfNames > PE_LIMITS.maxExports ||
      ordinalBase > 0xffff ||
      (numberOfFunctions > 0 && ordinalBase + numberOfFunctions - 1 > 0xffff)
    ) {
      this.fail(
        `export directory counts absurd: Base ${ordinalBase}, NumberOfFunctions ${numberOfFunctions}, NumberOfNames ${numberOfNames} (ordinals are 16-bit)`,
      );
    }
    const dllName = nameRva === 0 ? '' : this.cstr(nameRva, 'export DLL name');
    if (numberOfFunctions > 0) this.checkRva(functionsRva, 4 * numberOfFunctions, 'export address table');
    if (numberOfNames > 0) {
      this.checkRva(namesRva, 4 * numberOfNames, 'export name pointer table');
      this.checkRva(nameOrdinalsRva, 2 * numberOfNames, 'export ordinal table');
    }
    const names: string[][] = [];
    for (let i = 0; i < numberOfNames; i++) {
      const idx = this.r16(nameOrdinalsRva + 2 * i, 'export ordinal table');
      const nRva = this.r32(namesRva + 4 * i, 'export name pointer table');
      const name = this.cstr(nRva, `export name ${i}`);
      if (idx >= numberOfFunctions) {
        this.fail(`export name '${printable(name)}' has function index ${idx} >= NumberOfFunctions ${numberOfFunctions}`);
      }
      (names[idx] ??= []).push(name);
    }
    const functions: PeExportFunction[] = [];
    for (let i = 0; i < numberOfFunctions; i++) {
      const rva = this.r32(functionsRva + 4 * i, 'export address table');
      if (rva === 0) continue;
      const ordinal = ordinalBase + i;
      const fnNames = names[i] ?? [];
      const fn: PeExportFunction = { ordinal, rva, names: fnNames };
      if (fnNames.length > 0) fn.name = fnNames[0];
      const label = fn.name !== undefined ? `'${printable(fn.name)}'` : `ordinal ${ordinal}`;
      if (rva >= d.rva && rva < d.rva + d.size) {
        const fwd = this.cstr(rva, `export ${label} forwarder string`);
        const dot = fwd.lastIndexOf('.');
        if (dot <= 0 || dot === fwd.length - 1) {
          this.fail(`export ${label} forwarder '${printable(fwd)}' at RVA ${hex(rva)} is not of the form DLL.Function`);
        }
        fn.forwarder = fwd;
      } else if (rva >= this.sizeOfImage) {
        this.fail(`export ${label} RVA ${hex(rva)} is outside the image (SizeOfImage ${hex(this.sizeOfImage)})`);
      }
      functions.push(fn);
    }
    return { dllName, ordinalBase, timeDateStamp, numberOfFunctions, numberOfNames, functions };
  }

  // --- base relocations --------------------------------------------------------------------------

  private parseRelocations(d: PeDataDirectory): PeRelocationBlock[] {
    this.checkRva(d.rva, d.size, 'base relocation directory');
    const blocks: PeRelocationBlock[] = [];
    let total = 0;
    let off = 0;
    // Trailing bytes too small to hold a block header are ignored, as Windows does.
    while (off + 8 <= d.size) {
      const at = d.rva + off;
      const pageRva = this.r32(at, 'relocation block');
      const blockSize = this.r32(at + 4, 'relocation block');
      if (blockSize < 8 || blockSize % 2 !== 0 || off + blockSize > d.size) {
        this.fail(
          `relocation block at RVA ${hex(at)} has invalid size ${hex(blockSize)} (must be even, >= 8 and fit in the ${hex(d.size)}-byte directory at ${hex(d.rva)})`,
        );
      }
      if (pageRva >= this.sizeOfImage) {
        this.fail(`relocation block at RVA ${hex(at)} targets page ${hex(pageRva)} outside the image (SizeOfImage ${hex(this.sizeOfImage)})`);
      }
      const count = (blockSize - 8) / 2;
      total += count;
      if (total > PE_LIMITS.maxRelocationEntries) {
        this.fail(`base relocation directory has more than ${PE_LIMITS.maxRelocationEntries} entries`);
      }
      const entries: PeRelocationEntry[] = [];
      for (let i = 0; i < count; i++) {
        const e = this.r16(at + 8 + 2 * i, 'relocation entry');
        const type = e >>> 12;
        const offset = e & 0xfff;
        const rva = pageRva + offset;
        const width = RELOC_WIDTH[type];
        if (width === undefined) {
          this.fail(`unsupported relocation type ${type} (${RELOCATION_TYPE_NAMES[type] ?? 'unknown'}) at RVA ${hex(rva)} in block at ${hex(at)}`);
        }
        if (width > 0 && rva + width > this.sizeOfImage) {
          this.fail(`${RELOCATION_TYPE_NAMES[type]} relocation at RVA ${hex(rva)} patches past the end of the image (SizeOfImage ${hex(this.sizeOfImage)})`);
        }
        entries.push({ type, offset, rva });
      }
      blocks.push({ pageRva, entries });
      off += blockSize;
    }
    return blocks;
  }

  // --- TLS ---------------------------------------------------------------------------------------

  private parseTls(d: PeDataDirectory): PeTlsDirectory {
    if (d.size !== 0 && d.size < TLS_DIRECTORY_SIZE) {
      this.fail(`TLS directory size ${hex(d.size)} is smaller than IMAGE_TLS_DIRECTORY32 (${TLS_DIRECTORY_SIZE})`);
    }
    this.checkRva(d.rva, TLS_DIRECTORY_SIZE, 'TLS directory');
    const w = 'TLS directory';
    return {
      rva: d.rva,
      size: d.size,
      startAddressOfRawData: this.r32(d.rva, w),
      endAddressOfRawData: this.r32(d.rva + 4, w),
      addressOfIndex: this.r32(d.rva + 8, w),
      addressOfCallBacks: this.r32(d.rva + 12, w),
      sizeOfZeroFill: this.r32(d.rva + 16, w),
      characteristics: this.r32(d.rva + 20, w),
    };
  }
}

/**
 * Parses and validates a PE32 ARM image.
 * @param bytes the whole file
 * @param fileName used only to prefix error messages and recorded in the result
 * @throws PeFormatError (and nothing else) when the file is malformed or not an ARM PE32 image
 */
export function parsePe(bytes: Uint8Array, fileName?: string): PeImage {
  const parser = new Parser(bytes, fileName);
  try {
    return parser.parse();
  } catch (e) {
    if (e instanceof PeFormatError) throw e;
    // Defensive: a bug in the parser must still surface as a format error, never as a crash.
    throw new PeFormatError(`internal parser error: ${e instanceof Error ? e.message : String(e)}`, fileName);
  }
}

// ---------------------------------------------------------------------------------------------
// Mapping and relocation
// ---------------------------------------------------------------------------------------------

/**
 * Lays the image out as the loader maps it: a zero-filled buffer of SizeOfImage bytes indexed by RVA,
 * holding the headers (SizeOfHeaders bytes) at 0 and each section's raw data at its virtual address.
 * The amount copied per section is min(SizeOfRawData, VirtualSize rounded up to SectionAlignment)
 * (VirtualSize 0 means SizeOfRawData); the rest of the section is zero (.bss-style tail).
 * `pe` must come from `parsePe(bytes)`, which has already validated all ranges.
 */
export function mapImage(pe: PeImage, bytes: Uint8Array): Uint8Array {
  const image = new Uint8Array(pe.sizeOfImage);
  image.set(bytes.subarray(0, Math.min(pe.sizeOfHeaders, bytes.length, pe.sizeOfImage)), 0);
  for (const s of pe.sections) {
    if (s.rawCopySize === 0) continue;
    image.set(bytes.subarray(s.pointerToRawData, s.pointerToRawData + s.rawCopySize), s.virtualAddress);
  }
  return image;
}

// --- movw/movt immediate codecs (ARM ARM A8.8.102 / A8.8.106) -----------------------------------

/** A32 MOVW (encoding A2) / MOVT (encoding A1): cond 0011 0x00 imm4 Rd imm12. */
function armMovKind(insn: number): 'movw' | 'movt' | undefined {
  const op = insn & 0x0ff00000;
  if (op === 0x03000000) return 'movw';
  if (op === 0x03400000) return 'movt';
  return undefined;
}
/** imm16 of an A32 movw/movt. */
export function decodeArmMovImm16(insn: number): number {
  return ((insn >>> 4) & 0xf000) | (insn & 0x0fff);
}
/** Replaces the imm16 of an A32 movw/movt. */
export function encodeArmMovImm16(insn: number, imm16: number): number {
  return ((insn & 0xfff0f000) | ((imm16 & 0xf000) << 4) | (imm16 & 0x0fff)) >>> 0;
}

/**
 * T32 MOVW (encoding T3) / MOVT (encoding T1), as a 32-bit value `hw1 << 16 | hw2`:
 * hw1 = 11110 i 10 x 1 0 0 imm4 (x=0 movw, x=1 movt), hw2 = 0 imm3 Rd imm8.
 */
function thumbMovKind(hw1: number, hw2: number): 'movw' | 'movt' | undefined {
  if (hw2 & 0x8000) return undefined;
  const op = hw1 & 0xfbf0;
  if (op === 0xf240) return 'movw';
  if (op === 0xf2c0) return 'movt';
  return undefined;
}
/** imm16 of a T32 movw/movt given its two halfwords. */
export function decodeThumbMovImm16(hw1: number, hw2: number): number {
  return ((hw1 & 0x000f) << 12) | ((hw1 & 0x0400) << 1) | ((hw2 & 0x7000) >>> 4) | (hw2 & 0x00ff);
}
/** Replaces the imm16 of a T32 movw/movt; returns the new [hw1, hw2]. */
export function encodeThumbMovImm16(hw1: number, hw2: number, imm16: number): [number, number] {
  const n1 = (hw1 & 0xfbf0) | ((imm16 >>> 12) & 0xf) | (((imm16 >>> 11) & 1) << 10);
  const n2 = (hw2 & 0x8f00) | (((imm16 >>> 8) & 0x7) << 12) | (imm16 & 0xff);
  return [n1, n2];
}

function rd16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}
function wr16(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
}
function rd32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}
function wr32(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
  b[o + 2] = (v >>> 16) & 0xff;
  b[o + 3] = (v >>> 24) & 0xff;
}

/**
 * Applies base relocations to a mapped image (as returned by {@link mapImage}, indexed by RVA) loaded
 * `delta` bytes away from its preferred ImageBase (delta = actualBase - ImageBase, any sign; arithmetic
 * is modulo 2^32). Supports ABSOLUTE (skipped), HIGH, LOW, HIGHLOW, ARM_MOV32 and THUMB_MOV32; for the
 * MOV32 types the 32-bit value split across the movw (at the entry) and movt (at entry+4) immediates
 * is decoded, adjusted and re-encoded.
 * @returns the number of locations patched (ABSOLUTE padding excluded)
 * @throws PeFormatError if an entry falls outside the buffer, has an unsupported type, or a MOV32
 *   entry does not point at a movw/movt pair
 */
export function applyRelocations(image: Uint8Array, relocs: readonly PeRelocationBlock[], delta: number): number {
  const d = delta >>> 0;
  let patched = 0;
  if (d === 0) return 0;
  for (const block of relocs) {
    for (const e of block.entries) {
      if (e.type === IMAGE_REL_BASED_ABSOLUTE) continue;
      const rva = e.rva;
      const width = RELOC_WIDTH[e.type];
      const name = RELOCATION_TYPE_NAMES[e.type] ?? `type ${e.type}`;
      if (width === undefined) throw new PeFormatError(`unsupported relocation type ${e.type} (${name}) at RVA ${hex(rva)}`);
      if (rva < 0 || rva + width > image.length) {
        throw new PeFormatError(`${name} relocation at RVA ${hex(rva)} is outside the mapped image (${hex(image.length)} bytes)`);
      }
      switch (e.type) {
        case IMAGE_REL_BASED_HIGHLOW:
          wr32(image, rva, rd32(image, rva) + d);
          break;
        case IMAGE_REL_BASED_HIGH:
          wr16(image, rva, (((rd16(image, rva) << 16) + d) >>> 16) & 0xffff);
          break;
        case IMAGE_REL_BASED_LOW:
          wr16(image, rva, (rd16(image, rva) + d) & 0xffff);
          break;
        case IMAGE_REL_BASED_ARM_MOV32: {
          const lo = rd32(image, rva);
          const hi = rd32(image, rva + 4);
          if (armMovKind(lo) !== 'movw' || armMovKind(hi) !== 'movt') {
            throw new PeFormatError(`ARM_MOV32 relocation at RVA ${hex(rva)}: expected an A32 movw/movt pair, found ${hex(lo)} ${hex(hi)}`);
          }
          const value = ((decodeArmMovImm16(hi) << 16) | decodeArmMovImm16(lo)) + d;
          wr32(image, rva, encodeArmMovImm16(lo, value & 0xffff));
          wr32(image, rva + 4, encodeArmMovImm16(hi, (value >>> 16) & 0xffff));
          break;
        }
        case IMAGE_REL_BASED_THUMB_MOV32: {
          const w1 = rd16(image, rva);
          const w2 = rd16(image, rva + 2);
          const t1 = rd16(image, rva + 4);
          const t2 = rd16(image, rva + 6);
          if (thumbMovKind(w1, w2) !== 'movw' || thumbMovKind(t1, t2) !== 'movt') {
            throw new PeFormatError(
              `THUMB_MOV32 relocation at RVA ${hex(rva)}: expected a T32 movw/movt pair, found ${hex((w1 << 16) | w2)} ${hex((t1 << 16) | t2)}`,
            );
          }
          const value = ((decodeThumbMovImm16(t1, t2) << 16) | decodeThumbMovImm16(w1, w2)) + d;
          const [a1, a2] = encodeThumbMovImm16(w1, w2, value & 0xffff);
          const [b1, b2] = encodeThumbMovImm16(t1, t2, (value >>> 16) & 0xffff);
          wr16(image, rva, a1);
          wr16(image, rva + 2, a2);
          wr16(image, rva + 4, b1);
          wr16(image, rva + 6, b2);
          break;
        }
      }
      patched++;
    }
  }
  return patched;
}

/** Counts relocation entries by type name (ABSOLUTE padding included), e.g. `{ HIGHLOW: 12 }`. */
export function countRelocations(relocs: readonly PeRelocationBlock[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const b of relocs) {
    for (const e of b.entries) {
      const k = RELOCATION_TYPE_NAMES[e.type] ?? `type ${e.type}`;
      counts[k] = (counts[k] ?? 0) + 1;
    }
  }
  return counts;
}
