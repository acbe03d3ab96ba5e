/**
 * The CE property database API (cedb.exe; emulator/dlls/coredll/cedb.ts, emulator/core/cedb/store.ts):
 * the ROM checks the property types, sort orders, seeks, reads (caller buffers, CEDB_ALLOWREALLOC),
 * changes seen by a second handle, CeOidGetInfo, a mounted volume and the documented error codes; its
 * expected values come from windbase.h and the CEDB reference cited in cedb.ts. A second run on the
 * same device root finds the object store database and the volume again (persistence in the host
 * files). The corpus's explorer.exe (ce6) creates its recycle bin database through ceshell.dll.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { DeviceFs } from '../../emulator/core/fs/device-fs.js';

const ROOT = join(__dirname, '..', '..');
const rom = join(ROOT, 'roms', 'bin', 'cedb.exe');
const CORPUS = join(ROOT, '..', 'shared', 'corpus');
const NO_CORPUS = `${CORPUS} not found (the real device images; CI has them at ../shared/corpus)`;

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});
function freshRoot(): string {
  const r = mkdtempSync(join(tmpdir(), 'wmemu-cedb-'));
  roots.push(r);
  return r;
}

interface VolumeJson {
  format: string;
  version: number;
  databases: { name: string; type: number; sorts: { props: { propid: number; flags: number }[] }[]; records: { props: [number, unknown][] }[] }[];
}

describe('CE property databases (cedb.exe)', () => {
  it('passes every self-check, error paths included, and a second run finds the data again', async () => {
    const root = freshRoot();
    const r = await runExecutable(rom, { deterministic: true, deviceRoot: root });
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL') || l.startsWith('  got'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('ok ')).length).toBeGreaterThanOrEqual(109);
    expect(r.stdout).toContain('cedb: 0 failures');
    expect(r.exitCode).toBe(0);

    // The object store volume: the documented host file, in its documented format.
    const store = JSON.parse(readFileSync(join(root, '.wmemu', 'objectstore.cedb.json'), 'utf8')) as VolumeJson;
    expect(store.format).toBe('wmemu-cedb');
    const db = store.databases.find((d) => d.name === 'wmemu-cedb-test');
    expect(db?.type).toBe(0xc0ffee);
    expect(db?.records.length).toBe(4);
    expect(db?.sorts.map((s) => s.props[0]!.propid)).toEqual([0x1001f, 0x20003, 0x30040, 0x40012]);
    // The databases the ROM deleted are gone from the file.
    expect(store.databases.map((d) => d.name).sort()).toEqual(['wmemu-cedb-test']);
    // The mounted volume is the device file it named.
    const vol = JSON.parse(readFileSync(join(root, 'Temp', 'test.vol'), 'utf8')) as VolumeJson;
    expect(vol.databases.map((d) => d.name)).toEqual(['voldb']);
    expect(vol.databases[0]!.records[0]!.props).toContainEqual([0x1001f, 'in the volume']);

    // wmemu's state folder is not a device file: a listing of the root leaves it out.
    const dfs = new DeviceFs(root);
    expect(existsSync(join(root, '.wmemu'))).toBe(true);
    expect(dfs.list(dfs.root).map((e) => e.name)).not.toContain('.wmemu');
    expect(dfs.list(dfs.root).map((e) => e.name)).toContain('Temp');

    const again = await runExecutable(rom, { deterministic: true, deviceRoot: root, args: ['again'] });
    expect(again.stdout.split('\n').filter((l) => l.startsWith('FAIL') || l.startsWith('  got'))).toEqual([]);
    expect(again.stdout).toContain("ok second run: the volume's record");
    expect(again.stdout).toContain('cedb: 0 failures');
    expect(again.exitCode).toBe(0);
  });

  it('a second run on a fresh root finds nothing (the data lives in the root, not in the emulator)', async () => {
    const r = await runExecutable(rom, { deterministic: true, deviceRoot: freshRoot(), args: ['again'] });
    expect(r.stdout).toContain('FAIL second run: the object store database is there');
    expect(r.exitCode).toBeGreaterThan(0);
  });

  it('an object store file that is not a wmemu volume ends the run with a one-line verdict naming it', async () => {
    const root = freshRoot();
    mkdirSync(join(root, '.wmemu'));
    const file = join(root, '.wmemu', 'objectstore.cedb.json');
    writeFileSync(file, 'garbage');
    const r = await runExecutable(rom, { deterministic: true, deviceRoot: root, args: ['again'] });
    expect(r.status).toBe('load-error');
    expect(r.message).toContain(`the object store database file ${file} cannot be read: not a wmemu database volume`);
    expect(r.message).not.toContain('\n');
    expect(readFileSync(file, 'utf8')).toBe('garbage'); // never overwritten
  });

  it("ce6 explorer.exe: ceshell.dll's recycle bin database is created in the object store", async (ctx) => {
    const windows = join(CORPUS, 'ce6', 'fs', 'Windows');
    if (!existsSync(join(windows, 'explorer.exe'))) return ctx.skip(NO_CORPUS);
    const root = freshRoot();
    const r = await runExecutable(join(windows, 'explorer.exe'), { deviceRoot: root, dllSearchPath: [windows], osVersion: 6, timeoutMs: 20_000 });
    expect(r.message ?? '').not.toMatch(/Ce\w*(Database|DBVol|Record)/);
    const store = JSON.parse(readFileSync(join(root, '.wmemu', 'objectstore.cedb.json'), 'utf8')) as VolumeJson;
    const recycle = store.databases.find((d) => d.name === 'RecycleData');
    expect(recycle).toBeDefined();
    expect(recycle!.sorts[0]!.props[0]!.propid & 0xffff).toBe(31); // sorted on a CEVT_LPWSTR property
  });
});
