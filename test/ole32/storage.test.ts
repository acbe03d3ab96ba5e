/**
 * wmemu's ole32 structured storage: olestg.exe makes \Docs\test.stg with StgCreateDocfile, reads it back
 * with StgOpenStorage, changes it (rename, destroy, transacted Commit/Revert) and checks the STGM and
 * error paths, IStorage::CopyTo / MoveElementTo between two files, and a document on the program's own
 * ILockBytes (StgCreateDocfileOnILockBytes / StgOpenStorageOnILockBytes). Then the files are read on the
 * host with an independent MS-CFB reader (the `cfb` package, SheetJS): the tree, the class ID and every
 * stream's bytes are what the guest wrote.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as CFB from 'cfb';
import { runExecutable } from '../../emulator/system/run.js';
import { EXIT_CODES } from '../../emulator/core/machine.js';
import { compareNames, newNode, parseCfb, serializeCfb } from '../../emulator/dlls/ole32/cfb-format.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'olestg.exe');
// For GetClassFile: an extension's ProgID and a FileType pattern ("WMX!" at offset 0).
const REG = `REGEDIT4

[HKEY_CLASSES_ROOT\\.wmx]
@="wmemu.Doc"

[HKEY_CLASSES_ROOT\\wmemu.Doc\\CLSID]
@="{6D1C2F20-3B5A-4C1E-9A2B-112233445566}"

[HKEY_CLASSES_ROOT\\FileType\\{6D1C2F21-3B5A-4C1E-9A2B-112233445566}\\0]
@="0, 4, FFFFFFFF, 574D5821"
`;

describe('ole32 structured storage', () => {
  it('olestg.exe: create, reopen, change, transact; the file is a compound file any reader takes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'wmemu-olestg-'));
    const reg = `${root}.reg`;
    writeFileSync(reg, REG);
    try {
      const r = await runExecutable(rom, { deviceRoot: root, registryFile: reg });
      const lines = r.stdout.split('\n');
      expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
      expect(lines).toContain('ok Revert drops what came after the Commit');
      expect(lines).toContain('ok read-only file opens for reading');
      expect(lines).toContain('ok GetClassFile: a FileType pattern before the extension');
      expect(r.stdout).toContain('olestg: 0 failures');
      expect(r.exitCode).toBe(0);

      const file = readFileSync(join(root, 'Docs', 'test.stg'));
      const c = CFB.read(file, { type: 'buffer' });
      const entries = c.FullPaths.map((p, i) => [p, c.FileIndex[i]!] as const).filter(([, e]) => e.type !== 0);
      expect(entries.map(([p]) => p).sort()).toEqual(
        [
          'Root Entry/',
          'Root Entry/Committed',
          'Root Entry/Contents',
          'Root Entry/Pictures/',
          'Root Entry/Pictures/Deep/',
          'Root Entry/Pictures/Deep/Leaf',
          'Root Entry/Pictures/One',
          'Root Entry/Pictures/Second',
        ].sort(),
      );
      const get = (p: string) => Buffer.from(CFB.find(c, p)!.content);
      const contents = get('Root Entry/Contents');
      expect(contents.length).toBe(5000);
      expect([...contents].every((b, i) => b === ((i * 7) & 0xff))).toBe(true);
      expect(get('Root Entry/Pictures/One').toString('latin1')).toBe('picture one');
      expect(get('Root Entry/Pictures/Second').toString('latin1')).toBe('picture two');
      expect(get('Root Entry/Pictures/Deep/Leaf').toString('latin1')).toBe('leaf data');
      expect(get('Root Entry/Committed').toString('latin1')).toBe('kept');
      // The root's class ID as the guest set it (CLSID {11223344-5566-7788-99AA-BBCCDDEEFF01}).
      expect(String(c.FileIndex[0]!.clsid).toLowerCase()).toBe('4433221166558877' + '99aabbccddeeff01');

      // IStorage::CopyTo / MoveElementTo: copyb.stg holds the merged copy, the moved elements, the exclusions.
      expect(lines).toContain('ok CopyTo merges into an existing storage (Own kept, Inner replaced, Deep added)');
      expect(lines).toContain('ok MoveElementTo(move) a storage to the other document');
      const b = CFB.read(readFileSync(join(root, 'Docs', 'copyb.stg')), { type: 'buffer' });
      const tree = b.FullPaths.filter((_, i) => b.FileIndex[i]!.type !== 0).sort();
      expect(tree).toEqual(
        [
          'Root Entry/',
          'Root Entry/Copied',
          'Root Entry/Moved',
          'Root Entry/One',
          'Root Entry/OnlyStorages/',
          'Root Entry/OnlyStorages/Sub/',
          'Root Entry/OnlyStorages/Sub/Deep/',
          'Root Entry/OnlyStorages/Sub/Deep/Leaf',
          'Root Entry/OnlyStorages/Sub/Inner',
          'Root Entry/OnlyStreams/',
          'Root Entry/OnlyStreams/One',
          'Root Entry/OnlyStreams/Skip',
          'Root Entry/Sub/',
          'Root Entry/Sub/Deep/',
          'Root Entry/Sub/Deep/Leaf',
          'Root Entry/Sub/Inner',
          'Root Entry/Sub/Own',
          'Root Entry/Tree/',
          'Root Entry/Tree/Deep/',
          'Root Entry/Tree/Deep/Leaf',
          'Root Entry/Tree/Inner',
        ].sort(),
      );
      // SetElementTimes: Tree's creation and modification times are the FILETIME 0x01D00000_11111111.
      const tree0 = b.FileIndex[b.FullPaths.indexOf('Root Entry/Tree/')]!;
      const when = new Date(Number(0x01d0000011111111n / 10000n - 11644473600000n));
      expect(tree0.ct?.getTime()).toBe(when.getTime());
      expect(tree0.mt?.getTime()).toBe(when.getTime());
      const bget = (p: string) => Buffer.from(CFB.find(b, p)!.content).toString('latin1');
      expect(bget('Root Entry/One')).toBe('not copied');
      expect(bget('Root Entry/Copied')).toBe('not copied'); // IStream::CopyTo from Moved
      expect(bget('Root Entry/Sub/Inner')).toBe('inner');
      expect(bget('Root Entry/Sub/Own')).toBe('own');
      expect(bget('Root Entry/Tree/Deep/Leaf')).toBe('leaf');
      // StgCreateDocfileOnILockBytes: the bytes the guest's own ILockBytes received (saved as lkb.stg).
      expect(lines).toContain('ok the last Release writes the document and gives back the reference');
      expect(lines).toContain('ok Revert rereads the ILockBytes');
      expect(lines).toContain("ok Commit passes on WriteAt's failure");
      const l = CFB.read(readFileSync(join(root, 'Docs', 'lkb.stg')), { type: 'buffer' });
      expect(l.FullPaths.filter((_, i) => l.FileIndex[i]!.type !== 0).sort()).toEqual([
        'Root Entry/',
        'Root Entry/Data',
        'Root Entry/Folder/',
        'Root Entry/Folder/Inside',
      ]);
      expect(Buffer.from(CFB.find(l, 'Root Entry/Data')!.content).toString('latin1')).toBe('hello ILockBytes');
      expect(String(l.FileIndex[0]!.clsid).toLowerCase()).toBe('4433221166558877' + '99aabbccddeeff01');
      const a = CFB.read(readFileSync(join(root, 'Docs', 'copya.stg')), { type: 'buffer' });
      expect(a.FullPaths.filter((_, i) => a.FileIndex[i]!.type !== 0).sort()).toEqual(
        ['Root Entry/', 'Root Entry/One', 'Root Entry/Sub/', 'Root Entry/Sub/Deep/', 'Root Entry/Sub/Deep/Leaf', 'Root Entry/Sub/Inner'].sort(),
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
      rmSync(reg, { force: true });
    }
  });

  it("olestg.exe f: IStorage::CopyTo into an IStorage that is not one of ole32's stops the run naming it", async () => {
    const root = mkdtempSync(join(tmpdir(), 'wmemu-olestg-'));
    try {
      const r = await runExecutable(rom, { deviceRoot: root, args: ['f'] });
      expect(r.exitCode).toBe(EXIT_CODES.unimplemented);
      expect(r.message).toMatch(/ole32\.dll!IStorage_CopyTo to an IStorage that is not one of ole32's \(0x[0-9a-f]+\)/);
      expect(r.stdout).not.toContain('CopyTo foreign:');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('cfb-format: big streams, the DIFAT and a wide directory survive a write and both readers', () => {
    const root = newNode('Root Entry', 'root');
    const names = Array.from({ length: 40 }, (_, i) => `s${i}${'x'.repeat(i % 7)}`);
    for (const n of names) {
      const s = newNode(n, 'stream');
      s.data = Buffer.alloc(37 * n.length + (n.length % 2 ? 4096 : 0), n.length);
      root.children.push(s);
    }
    const big = newNode('Big', 'stream');
    big.data = Buffer.alloc(7_500_000); // more than 109 FAT sectors: needs a DIFAT sector
    for (let i = 0; i < big.data.length; i += 997) big.data[i] = i & 0xff;
    root.children.push(big);
    const file = serializeCfb(root);
    expect(file.readUInt32LE(72)).toBeGreaterThan(0);
    const c = CFB.read(file, { type: 'buffer' });
    for (const s of root.children) expect(Buffer.from(CFB.find(c, 'Root Entry/' + s.name)!.content).equals(s.data)).toBe(true);
    const back = parseCfb(file);
    expect(back.children.map((s) => s.name)).toEqual([...root.children].sort((a, b) => compareNames(a.name, b.name)).map((s) => s.name));
    for (const s of back.children) expect(s.data.equals(root.children.find((x) => x.name === s.name)!.data)).toBe(true);
  });
});
