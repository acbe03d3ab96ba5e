/**
 * coredll DrawFrameControl (imported by 5 corpus binaries; CE 5/6 "DrawFrameControl" page for the
 * types and states CE has, Wine's user32 uitools.c UITOOLS95_DFC_ButtonPush for how a push button is
 * drawn). Implemented: DFC_BUTTON (4) with DFCS_BUTTONPUSH (0x10) — the rectangle's 3-D edge as DrawEdge
 * draws it: EDGE_RAISED, or EDGE_SUNKEN when DFCS_PUSHED (0x200) or DFCS_FLAT (0x4000), with
 * BF_RECT | BF_MIDDLE | BF_SOFT (the inside in COLOR_BTNFACE; DFCS_TRANSPARENT 0x800 leaves it) and
 * DFCS_FLAT's flat borders;
 * DFCS_ADJUSTRECT (0x2000) shrinks *lprc by 2 on each side. The other kinds (check boxes, radio buttons,
 * scroll arrows, caption buttons) and the DFCS_CHECKED / DFCS_MONO / DFCS_INACTIVE looks stop the run
 * naming themselves. A bad DC: FALSE with ERROR_INVALID_HANDLE.
 */
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import { ERROR } from '../../core/win32-errors.js';
import { gwesOf } from '../../gwes/wm.js';
import { drawEdgeRect } from './drawedge.js';

const DFC_BUTTON = 4;
const DFCS = { BUTTONPUSH: 0x10, INACTIVE: 0x100, PUSHED: 0x200, CHECKED: 0x400, TRANSPARENT: 0x800, ADJUSTRECT: 0x2000, FLAT: 0x4000, MONO: 0x8000 } as const;
const EDGE_RAISED = 0x5;
const EDGE_SUNKEN = 0xa;
const BF = { RECT: 0xf, MIDDLE: 0x800, SOFT: 0x1000, FLAT: 0x4000 } as const;
const KIND_MASK = 0xff;

export const drawframe: ApiDef[] = [
  fn('DrawFrameControl(handle hdc, ptr lprc, u32 uType, hex uState): bool', (cx, hdc: number, p: number, type: number, state: number) => {
    if (type !== DFC_BUTTON || (state & KIND_MASK) !== DFCS.BUTTONPUSH)
      throw new UnimplementedFeature(`for type ${type} state 0x${state.toString(16)} (DFC_BUTTON + DFCS_BUTTONPUSH only)`);
    const unsupported = state & (DFCS.CHECKED | DFCS.MONO | DFCS.INACTIVE);
    if (unsupported) throw new UnimplementedFeature(`with state flags 0x${unsupported.toString(16)}`);
    const g = gwesOf(cx.machine);
    const dc = g.gdi.dc(hdc);
    if (!dc) return cx.fail(0, ERROR.INVALID_HANDLE);
    cx.mem.check(p, 16, 'write');
    const [l, t, r, b] = [0, 4, 8, 12].map((o) => cx.mem.i32(p + o)) as [number, number, number, number];
    const edge = state & (DFCS.PUSHED | DFCS.FLAT) ? EDGE_SUNKEN : EDGE_RAISED;
    drawEdgeRect(g, dc, l, t, r, b, edge, BF.RECT | BF.SOFT | (state & DFCS.TRANSPARENT ? 0 : BF.MIDDLE) | (state & DFCS.FLAT ? BF.FLAT : 0));
    if (state & DFCS.ADJUSTRECT) [l + 2, t + 2, r - 2, b - 2].forEach((v, i) => cx.mem.setU32(p + 4 * i, v >>> 0));
    return 1;
  }),
];
