/**
 * coredll MessageBoxW, two ways:
 *
 * - The CI default (no view): "[MessageBox] caption: text -> IDxx" on stderr and the debug channel, and
 *   the answer configured by MachineOptions.messageBoxAnswer (CLI --msgbox-answer ok|cancel|yes|no,
 *   default ok) mapped onto the buttons the box has. Nothing waits for a person.
 * - messageBoxAnswer 'dialog' (CLI `--msgbox-answer dialog`; `--input` scripts and views select it when
 *   no answer is given): a real modal dialog through the dialog manager (dialogs.ts), laid out as CE's
 *   and Wine's MSGBOX_OnInit do: the text in a STATIC (SS_NOPREFIX, word-wrapped to at most three
 *   quarters of the screen), the buttons of the MB_ type (MB_OK, OKCANCEL, ABORTRETRYIGNORE,
 *   YESNOCANCEL, YESNO, RETRYCANCEL) centred in a row below it, 50 x 14 dialog units at least, the
 *   MB_DEFBUTTONn button the default one with the focus, the dialog centred on the screen with the
 *   caption (NULL: "Error"). A button, ENTER or ESC (IDCANCEL; for MB_OK the box's only answer IDOK)
 *   ends it with that button's id. An MB_ICONxxx icon keeps its 32x32 place left of the text but is not
 *   drawn (wmemu has no system icons yet).
 */
import { fn, type ApiDef, type ApiDecl, type Returns } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { defineSlot } from '../../core/slot.js';
import { gwesOf, WM } from '../../gwes/wm.js';
import { WS } from '../../gwes/nonclient.js';
import { baseUnitsOf, DS } from '../../gwes/dialog.js';
import { BS } from '../../gwes/controls/button.js';
import { SS } from '../../gwes/controls/static.js';
import { wrap } from '../../gdi/text.js';
import { realize, SYSTEM_LOGFONT } from '../../gdi/text.js';
import { dialogBox, endDialog } from './dialogs.js';
import { setFocus } from './winpos.js';

const MB_ANSWERS: Record<number, [number, number]> = {
  // MB_xxx button set → [answer for ok/yes, answer for cancel/no]
  0: [1, 1], // MB_OK: IDOK
  1: [1, 2], // MB_OKCANCEL: IDOK / IDCANCEL
  2: [4, 3], // MB_ABORTRETRYIGNORE: IDRETRY / IDABORT
  3: [6, 2], // MB_YESNOCANCEL: IDYES / IDCANCEL (no → IDNO below)
  4: [6, 7], // MB_YESNO: IDYES / IDNO
  5: [4, 2], // MB_RETRYCANCEL: IDRETRY / IDCANCEL
};
const NAMES: Record<number, string> = { 1: 'IDOK', 2: 'IDCANCEL', 3: 'IDABORT', 4: 'IDRETRY', 5: 'IDIGNORE', 6: 'IDYES', 7: 'IDNO' };
/** The buttons of each MB_ type: [id, label]. */
const BUTTONS: Record<number, [number, string][]> = {
  0: [[1, 'OK']],
  1: [
    [1, 'OK'],
    [2, 'Cancel'],
  ],
  2: [
    [3, '&Abort'],
    [4, '&Retry'],
    [5, '&Ignore'],
  ],
  3: [
    [6, '&Yes'],
    [7, '&No'],
    [2, 'Cancel'],
  ],
  4: [
    [6, '&Yes'],
    [7, '&No'],
  ],
  5: [
    [4, '&Retry'],
    [2, 'Cancel'],
  ],
};
const IDCANCEL = 2;
const WM_INITDIALOG = 0x0110;
const TEXT_ID = 0xffff;

interface Box {
  ids: number[];
  def: number;
}
/** The open message boxes of the run, by the key passed as the dialog's init parameter. */
const boxes = defineSlot('msgbox-boxes', () => ({ next: 1, open: new Map<number, Box>() }));

const boxProcDecl: ApiDecl = {
  ...fn('MessageBoxDlgProc(handle hDlg, u32 Msg, hex wParam, hex lParam): bool', (cx, h: number, msg: number, wp: number, lp: number) =>
    boxProc(cx, h, msg, wp, lp),
  ),
  dll: 'wmemu',
};
const byDialog = new Map<number, Box>();

function boxProc(cx: ApiContext, h: number, msg: number, wp: number, lp: number): Returns<'bool'> {
  const g = gwesOf(cx.machine);
  const w = g.window(h);
  if (!w) return 0;
  if (msg === WM_INITDIALOG) {
    const box = boxes.of(cx.machine).open.get(lp);
    if (!box) return 1;
    byDialog.set(h, box);
    const def = g.children(h).find((c) => c.id === box.def);
    return def ? setFocus(cx, g, def, () => 0) : 1;
  }
  if (msg === WM.COMMAND) {
    const box = byDialog.get(h);
    if (!box) return 0;
    let id = wp & 0xffff;
    // ESC / the caption's X: IDCANCEL; a box without Cancel answers with its only button (MB_OK) or not at all.
    if (!box.ids.includes(id)) {
      if (id !== IDCANCEL || box.ids.length !== 1) return 1;
      id = box.ids[0]!;
    }
    byDialog.delete(h);
    return endDialog(cx, g, w, id, () => 1);
  }
  return 0;
}

/** Writes a DLGTEMPLATE for the box into guest memory (the caller frees it). */
function buildTemplate(cx: ApiContext, text: string, caption: string, type: number, key: number): { at: number; free: () => void } {
  const g = gwesOf(cx.machine);
  const font = realize(SYSTEM_LOGFONT);
  const bold = realize({ ...SYSTEM_LOGFONT, weight: 700 });
  const u = baseUnitsOf(font);
  const dluX = (px: number) => Math.ceil((px * 4) / u.x);
  const dluY = (px: number) => Math.ceil((px * 8) / u.y);
  const buttons = BUTTONS[type & 0xf] ?? BUTTONS[0]!;
  const defIndex = Math.min((type >> 8) & 0xf, buttons.length - 1);
  const box = boxes.of(cx.machine).open.get(key)!;
  box.def = buttons[defIndex]![0];
  // Pixels first (Wine's MSGBOX_OnInit), then dialog units for the template.
  const margin = 8;
  const icon = type & 0xf0 ? 32 + margin : 0;
  const maxText = Math.floor((g.screen.width * 3) / 4) - 2 * margin - icon;
  const lines = wrap(font, text, maxText);
  const textW = Math.max(1, ...lines.map((l) => font.measure(l).width));
  const textH = lines.length * font.height;
  const btnW = Math.max(Math.ceil((50 * u.x) / 4), ...buttons.map(([, l]) => bold.measure(l.replace(/&/g, '')).width + 16));
  const gap = Math.ceil((4 * u.x) / 4);
  const rowW = buttons.length * btnW + (buttons.length - 1) * gap;
  const clientW = Math.max(icon + textW, rowW) + 2 * margin;
  const topH = Math.max(textH, icon ? 32 : 0);
  // Template (DLU): the text, then the buttons.
  const words: number[] = [];
  const u32 = (v: number) => words.push(v & 0xffff, (v >>> 16) & 0xffff);
  const str = (s: string) => words.push(...[...s].map((c) => c.charCodeAt(0)), 0);
  const align = () => {
    if (words.length % 2) words.push(0);
  };
  const cw = dluX(clientW);
  const textTop = dluY(margin);
  const btnTop = dluY(margin + topH + margin);
  const bw = dluX(btnW);
  const bh = 14;
  const gw = dluX(gap);
  u32(WS.POPUP | WS.CAPTION | WS.SYSMENU | DS.MODALFRAME | DS.CENTER);
  u32(0);
  words.push(1 + buttons.length, 0, 0, cw, btnTop + bh + dluY(margin));
  words.push(0, 0);
  str(caption);
  align();
  u32(WS.CHILD | WS.VISIBLE | SS.LEFT | SS.NOPREFIX | WS.GROUP);
  u32(0);
  words.push(dluX(margin + icon), textTop, dluX(textW) + 1, dluY(textH), TEXT_ID, 0xffff, 0x82);
  str(text);
  words.push(0);
  const rowLeft = Math.floor((cw - (buttons.length * bw + (buttons.length - 1) * gw)) / 2);
  buttons.forEach(([id, label], i) => {
    align();
    u32(WS.CHILD | WS.VISIBLE | WS.TABSTOP | (i === 0 ? WS.GROUP : 0) | (i === defIndex ? BS.DEFPUSHBUTTON : BS.PUSHBUTTON));
    u32(0);
    words.push(rowLeft + i * (bw + gw), btnTop, bw, bh, id, 0xffff, 0x80);
    str(label);
    words.push(0);
  });
  const at = cx.machine.processHeap.alloc(2 * words.length + 4, true);
  if (!at) throw new RangeError('out of memory for the message box template');
  words.forEach((v, i) => cx.mem.setU16(at + 2 * i, v));
  return { at, free: () => cx.machine.processHeap.freeBlock(at) };
}

function messageBox(cx: ApiContext, owner: number, textPtr: number, captionPtr: number, type: number): Returns<'i32'> {
  const text = textPtr ? cx.mem.wstr(textPtr, 4096) : '';
  const caption = captionPtr ? cx.mem.wstr(captionPtr, 1024) : 'Error';
  const want = (cx.machine.options as { messageBoxAnswer?: string }).messageBoxAnswer ?? 'ok';
  if (want === 'dialog') {
    const slot = boxes.of(cx.machine);
    const key = slot.next++;
    const buttons = BUTTONS[type & 0xf] ?? BUTTONS[0]!;
    slot.open.set(key, { ids: buttons.map(([id]) => id), def: 1 });
    const t = buildTemplate(cx, text, caption, type, key);
    const proc = cx.machine.dispatcher.trapFor({ dll: 'wmemu', name: boxProcDecl.name, decl: boxProcDecl });
    const g = gwesOf(cx.machine);
    return dialogBox(cx, 0, t.at, g.window(owner) ? owner : 0, proc, key, (r) => {
      t.free();
      slot.open.delete(key);
      const line = `[MessageBox] ${caption}: ${text} -> ${NAMES[r] ?? r}`;
      cx.machine.debugOutput(line);
      return r;
    });
  }
  const answers = MB_ANSWERS[type & 0xf] ?? [1, 1];
  let answer = want === 'ok' || want === 'yes' ? answers[0] : answers[1];
  if ((type & 0xf) === 3 && want === 'no') answer = 7;
  const line = `[MessageBox] ${caption}: ${text} -> ${NAMES[answer]}`;
  cx.machine.writeStderr(Buffer.from(line + '\n'));
  cx.machine.debugOutput(line);
  return answer;
}

export const msgbox: ApiDef[] = [
  fn('MessageBoxW(handle hWnd, ptr lpText, ptr lpCaption, hex uType): i32', { blocking: true }, (cx, h: number, text: number, caption: number, type: number) =>
    messageBox(cx, h, text, caption, type),
  ),
];
