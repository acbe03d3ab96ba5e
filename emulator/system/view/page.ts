/**
 * The live view's web page (system/view/server.ts serves it): one canvas the size of the device screen.
 *
 * From the server: a text frame `{"type":"hello","width":W,"height":H}` first, then binary frames,
 * each one damaged rectangle: x, y, width, height (uint16, little-endian) and width*height RGB565
 * pixels (uint16 LE, row by row), expanded to 8 bits by bit replication as screenshots are; a text
 * frame `{"type":"exit","message":"..."}` when the program has ended (the page says so).
 *
 * To the server (text frames, JSON): `{"type":"down"|"move"|"up","x":X,"y":Y}` in screen pixels
 * (the pen: pointer events with capture, so a drag leaving the canvas still ends), `{"type":"key",
 * "vk":N,"down":true|false}` for key transitions, `{"type":"char","text":"..."}` for characters the
 * guest's TranslateMessage would not make from a key (shifted letters, punctuation, non-ASCII).
 */
export function viewPage(width: number, height: number): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>wmemu</title>
<style>
body { margin: 0; background: #202020; color: #ddd; font: 13px sans-serif; }
#bar { padding: 4px 8px; }
canvas { display: block; margin: 0 8px; image-rendering: pixelated; outline: 1px solid #555; touch-action: none; cursor: crosshair; }
canvas:focus { outline-color: #8af; }
</style></head>
<body>
<div id="bar"><span id="status">connecting…</span></div>
<canvas id="screen" width="${width}" height="${height}" tabindex="0"></canvas>
<script>
'use strict';
const canvas = document.getElementById('screen');
const status = document.getElementById('status');
const ctx = canvas.getContext('2d');
const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws' + location.search);
ws.binaryType = 'arraybuffer';
let frames = 0;
let ended = false;
ws.onopen = () => { status.textContent = 'running'; canvas.focus(); };
ws.onclose = () => { if (!ended) status.textContent = 'disconnected'; };
ws.onmessage = (ev) => {
  if (typeof ev.data === 'string') {
    const m = JSON.parse(ev.data);
    if (m.type === 'hello') { canvas.width = m.width; canvas.height = m.height; }
    if (m.type === 'exit') { ended = true; status.textContent = 'program ended: ' + m.message; document.title = 'wmemu (ended)'; document.body.dataset.ended = '1'; }
    return;
  }
  const v = new DataView(ev.data);
  const x = v.getUint16(0, true), y = v.getUint16(2, true), w = v.getUint16(4, true), h = v.getUint16(6, true);
  if (!w || !h) return;
  const img = ctx.createImageData(w, h);
  const d = img.data;
  for (let i = 0, o = 8; i < w * h; i++, o += 2) {
    const p = v.getUint16(o, true);
    const r = (p >> 11) & 31, g = (p >> 5) & 63, b = p & 31;
    d[i * 4] = (r << 3) | (r >> 2);
    d[i * 4 + 1] = (g << 2) | (g >> 4);
    d[i * 4 + 2] = (b << 3) | (b >> 2);
    d[i * 4 + 3] = 255;
  }
  ctx.putImageData(img, x, y);
  document.body.dataset.frames = String(++frames);
};
const send = (m) => { if (ws.readyState === 1) ws.send(JSON.stringify(m)); };
const at = (e) => {
  const r = canvas.getBoundingClientRect();
  return { x: Math.floor(((e.clientX - r.left) * canvas.width) / r.width), y: Math.floor(((e.clientY - r.top) * canvas.height) / r.height) };
};
let down = false;
canvas.addEventListener('pointerdown', (e) => { if (e.button !== 0) return; down = true; canvas.setPointerCapture(e.pointerId); canvas.focus(); send({ type: 'down', ...at(e) }); e.preventDefault(); });
canvas.addEventListener('pointermove', (e) => { if (down) send({ type: 'move', ...at(e) }); });
const up = (e) => { if (!down) return; down = false; send({ type: 'up', ...at(e) }); };
canvas.addEventListener('pointerup', up);
canvas.addEventListener('pointercancel', up);
// Letters without Shift, digits, space: the key (the guest's TranslateMessage makes the character);
// other printable characters: the character; everything else: the key by its virtual-key code.
const translated = (k) => /^[a-z0-9 ]$/.test(k);
canvas.addEventListener('keydown', (e) => {
  if (e.ctrlKey || e.altKey || e.metaKey) return;
  e.preventDefault();
  if (e.key.length === 1 && !translated(e.key)) return send({ type: 'char', text: e.key });
  send({ type: 'key', vk: e.keyCode, down: true });
});
canvas.addEventListener('keyup', (e) => {
  if (e.ctrlKey || e.altKey || e.metaKey) return;
  e.preventDefault();
  if (e.key.length === 1 && !translated(e.key)) return;
  send({ type: 'key', vk: e.keyCode, down: false });
});
</script>
</body></html>
`;
}
