/**
 * coredll ExtractIconExW (CE 5/6 reference, "ExtractIconEx"): icons of an executable file's
 * RT_GROUP_ICON resources, read from the file without running it.
 *
 * - lpszFile: an .exe or .dll on the device; a bare name is looked for in \Windows (where CE's shell
 *   finds its modules); a module of the process is read from its mapped image (the file's bytes). A
 *   missing file, or one that is not a PE image, gives 0 (no icon).
 * - nIconIndex >= 0: the zero-based index among the file's icon groups in resource-directory order
 *   (named groups first, then IDs ascending: the order of the directory, as Windows counts them);
 *   a negative index: the group whose resource ID is -nIconIndex (CE: "extracts the icon whose
 *   resource identifier is equal to the absolute value of nIconIndex").
 * - nIconIndex -1 with both phiconLarge and phiconSmall NULL: the number of icon groups in the file.
 * - phiconLarge gets the SM_CXICON x SM_CYICON image, phiconSmall the SM_CXSMICON x SM_CYSMICON one
 *   (each picked as LoadImage picks: gwes/icons.ts); either may be NULL. Each is a new icon handle
 *   (DestroyIcon frees it).
 * - nIcons: CE documents that it must be 1; other values stop the run naming themselves.
 * Result: the number of icons extracted (1), 0 when there is none at that index.
 */
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { deviceFsOf } from '../../core/fs/device-fs.js';
import { mapImage, parsePe } from '../../core/pe/pe-file.js';
import { parseResources, RT_GROUP_ICON, RT_ICON, type ResourceDirectory } from '../../core/pe/resources.js';
import { decodeIconImage, iconsOf, parseGroup, pickEntry } from '../../gwes/icons.js';
import { SM, systemMetric } from '../../gwes/sysmetrics.js';
import { gwe } from './windows.js';

interface IconFile {
  image: Uint8Array;
  dir: ResourceDirectory;
}

function iconFile(cx: ApiContext, path: string): IconFile | undefined {
  const fs = deviceFsOf(cx.machine);
  const tries = /[\\/]/.test(path) ? [path] : [`\\Windows\\${path}`, path];
  // A module of the process (GetModuleFileNameW's name, whose file may live outside the device root):
  // its mapped image, the same bytes its file holds.
  const lower = tries.map((t) => t.toLowerCase());
  const mod = cx.machine.modules.find((m) => lower.includes(m.devicePath.toLowerCase()));
  if (mod) return { image: cx.mem.bytes(mod.base, mod.size), dir: mod.resources };
  for (const p of tries) {
    const r = fs.resolve(p);
    if (!r.ok || !r.exists || !r.stat?.isFile()) continue;
    try {
      const bytes = new Uint8Array(fs.readFile(r.host));
      const pe = parsePe(bytes, p);
      const image = mapImage(pe, bytes);
      return { image, dir: parseResources(image, pe.resources) };
    } catch (e) {
      return undefined; // not an image: no icons
    }
  }
  return undefined;
}

/** A new icon handle for an icon group's image of the size asked, or 0. */
function iconOf(cx: ApiContext, f: IconFile, group: Uint8Array, w: number, h: number): number {
  const entries = parseGroup(group, false);
  const pick = entries && pickEntry(entries, w, h);
  const leaf = pick && f.dir.find(RT_ICON, pick.id);
  if (!leaf) return 0;
  const icon = decodeIconImage(f.image.subarray(leaf.dataRva, leaf.dataRva + leaf.size), false);
  return icon ? iconsOf(cx.machine).add(icon) : 0;
}

export const extracticon: ApiDef[] = [
  fn(
    'ExtractIconExW(ptr lpszFile, i32 nIconIndex, ptr phiconLarge, ptr phiconSmall, u32 nIcons): u32',
    (cx, pFile: number, index: number, pLarge: number, pSmall: number, n: number) => {
      if (!pFile) return 0;
      const f = iconFile(cx, cx.mem.wstr(pFile, 260));
      const groups = f ? f.dir.leaves.filter((l) => l.type === RT_GROUP_ICON) : [];
      // One leaf per group name (the first language), in directory order.
      const byName = groups.filter((l, i) => groups.findIndex((o) => o.name === l.name) === i);
      if (index === -1 && !pLarge && !pSmall) return byName.length;
      if (n !== 1) throw new UnimplementedFeature(`nIcons ${n} (CE: must be 1)`);
      const leaf = index >= 0 ? byName[index] : f?.dir.find(RT_GROUP_ICON, -index);
      if (!f || !leaf) return 0;
      const group = f.image.subarray(leaf.dataRva, leaf.dataRva + leaf.size);
      const screen = gwe(cx).screen;
      if (pLarge) cx.mem.setU32(pLarge, iconOf(cx, f, group, systemMetric(screen, SM.CXICON), systemMetric(screen, SM.CYICON)));
      if (pSmall) cx.mem.setU32(pSmall, iconOf(cx, f, group, systemMetric(screen, SM.CXSMICON), systemMetric(screen, SM.CYSMICON)));
      return 1;
    },
  ),
];
