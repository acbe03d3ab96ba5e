/**
 * `wmemu run --view[=port]` / start()'s `view` option: the live view of a run. An HTTP server serves
 * one page (system/view/page.ts) and a WebSocket (the `ws` package) that sends the framebuffer's
 * damaged rectangles as RGB565 binary frames and takes the pen and the keyboard back to the guest
 * through the same path as emu.display's press/move/release and key/type (gwes/input.ts).
 *
 * Access: the server listens on 127.0.0.1 unless `host` says otherwise, and a connection from a
 * non-loopback address is refused (403) unless `host` was given; every request (the page and the
 * WebSocket upgrade) must carry the run's random token (`?token=`, 128 bits from crypto), else 403.
 *
 * Frames: the display (display/display.ts) records damaged rectangles while the view listens; at most
 * every 16 ms the server takes them, narrows each to the rows and columns that differ from what it sent
 * before (a shadow copy of the framebuffer) and sends those. A new client first gets the whole screen.
 * When the program ends every client gets `{"type":"exit"}` and the page says it ended.
 *
 * Under --deterministic the pen and keys are queued and applied at idle points of the virtual clock
 * (below, `input`), so replaying the same events gives a byte-identical run.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Machine } from '../../core/machine.js';
import { runIdleOf } from '../../core/events.js';
import { gwesOf } from '../../gwes/wm.js';
import type { Rect } from '../../gdi/surface.js';
import type { DisplayHandle } from '../display.js';
import { viewPage } from './page.js';

export interface ViewOptions {
  /** TCP port (0: a free one; the default). */
  port?: number;
  /** Address to listen on (default 127.0.0.1, loopback only). Any other address lets other hosts in. */
  host?: string;
}

export interface ViewServer {
  /** The page's address with its token: open it in a browser. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Tells the clients the program ended (`message`), then closes the server (once; later calls get the same promise). */
  end(message: string): Promise<void>;
}

const isLoopback = (a: string | undefined): boolean => !!a && (a.startsWith('127.') || a === '::1' || a.startsWith('::ffff:127.'));

/** Frame header: x, y, width, height as uint16 LE. */
const HEADER = 8;

export async function startView(m: Machine, display: DisplayHandle, opts: ViewOptions = {}): Promise<ViewServer> {
  const host = opts.host ?? '127.0.0.1';
  const loopbackOnly = opts.host === undefined;
  const token = randomBytes(16).toString('hex');
  const g = gwesOf(m);
  const screen = g.display;
  const { width, height } = display;
  const clients = new Set<WebSocket>();
  let shadow: Uint8Array | undefined;
  let timer: NodeJS.Timeout | undefined;
  let ended: string | undefined;
  let closing: Promise<void> | undefined;

  const allowed = (req: IncomingMessage): boolean => {
    if (loopbackOnly && !isLoopback(req.socket.remoteAddress)) return false;
    const t = new URL(req.url ?? '/', 'http://x').searchParams.get('token') ?? '';
    const a = Buffer.from(t);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  /** The pixels of r (RGB565, rows packed) with the header. */
  const rectFrame = (bits: Uint8Array, stride: number, r: Rect): Buffer => {
    const w = r.right - r.left;
    const h = r.bottom - r.top;
    const out = Buffer.allocUnsafe(HEADER + w * h * 2);
    out.writeUInt16LE(r.left, 0);
    out.writeUInt16LE(r.top, 2);
    out.writeUInt16LE(w, 4);
    out.writeUInt16LE(h, 6);
    for (let y = 0; y < h; y++) {
      const o = (r.top + y) * stride + r.left * 2;
      out.set(bits.subarray(o, o + w * 2), HEADER + y * w * 2);
    }
    return out;
  };

  /** r narrowed to the rows and columns that differ from the shadow (undefined: nothing changed); the shadow is updated. */
  const narrow = (bits: Uint8Array, stride: number, r: Rect): Rect | undefined => {
    const sh = shadow!;
    let top = -1;
    let bottom = -1;
    let left = r.right;
    let right = r.left;
    for (let y = r.top; y < r.bottom; y++) {
      const o = y * stride;
      const a = o + r.left * 2;
      const b = o + r.right * 2;
      if (Buffer.compare(bits.subarray(a, b), sh.subarray(a, b)) === 0) continue;
      if (top < 0) top = y;
      bottom = y + 1;
      let x0 = r.left;
      while (x0 < left && bits[o + x0 * 2] === sh[o + x0 * 2] && bits[o + x0 * 2 + 1] === sh[o + x0 * 2 + 1]) x0++;
      let x1 = r.right;
      while (x1 > right && bits[o + x1 * 2 - 2] === sh[o + x1 * 2 - 2] && bits[o + x1 * 2 - 1] === sh[o + x1 * 2 - 1]) x1--;
      left = Math.min(left, x0);
      right = Math.max(right, x1);
      sh.set(bits.subarray(a, b), a);
    }
    return top < 0 ? undefined : { left, top, right, bottom };
  };

  const flush = (): void => {
    timer = undefined;
    if (!screen.allocated || !clients.size) {
      screen.takeDamage();
      return;
    }
    const s = screen.surface;
    shadow ??= new Uint8Array(s.bits.length);
    for (const d of screen.takeDamage()) {
      const r = narrow(s.bits, s.stride, d);
      if (!r) continue;
      const f = rectFrame(s.bits, s.stride, r);
      for (const c of clients) c.send(f);
    }
  };
  const onChange = (): void => {
    if (!timer && clients.size) timer = setTimeout(flush, 16);
  };
  screen.listeners.add(onChange);

  const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 65536 ? v : undefined);
  // --deterministic: input is applied only at idle points of the virtual clock (every GUI thread waits
  // for input), one event at a time: the next one when the display is idle again. Where an event lands
  // then depends only on the events before it, not on when the browser sent it, so the same events
  // give the same run byte for byte (screens, output, clock). Without --deterministic: at once.
  const deterministic = m.clock.deterministic;
  const pending: (() => void)[] = [];
  const applyPending = (): void => {
    while (pending.length && display.idle()) pending.shift()!();
  };
  if (deterministic) runIdleOf(m.runState).on('idle', applyPending);
  const input = (f: () => void): void => {
    if (!deterministic) return f();
    pending.push(f);
    // The scheduler waits at an idle point right now (nothing to run, no timer): this is that point.
    if (m.scheduler.idle) applyPending();
  };
  const onMessage = (data: RawData, isBinary: boolean): void => {
    if (isBinary || ended !== undefined || m.finished) return;
    let msg: { type?: unknown; x?: unknown; y?: unknown; vk?: unknown; down?: unknown; text?: unknown };
    try {
      msg = JSON.parse(data.toString());
    } catch {
      return; // not JSON: ignored (a page of another version, a stray client)
    }
    const x = num(msg.x);
    const y = num(msg.y);
    switch (msg.type) {
      case 'down':
        if (x !== undefined && y !== undefined) input(() => display.press(x, y));
        break;
      case 'move':
        if (x !== undefined && y !== undefined) input(() => display.move(x, y));
        break;
      case 'up':
        if (x !== undefined && y !== undefined) input(() => display.release(x, y));
        break;
      case 'key': {
        const vk = num(msg.vk);
        const down = msg.down !== false;
        if (vk !== undefined && vk > 0 && vk < 256) input(() => (down ? display.keyDown : display.keyUp)(vk));
        break;
      }
      case 'char': {
        const text = msg.text;
        if (typeof text === 'string' && text.length <= 64) input(() => display.type(text));
        break;
      }
    }
  };

  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const server: Server = createServer((req, res) => {
    if (!allowed(req)) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden\n');
      return;
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method !== 'GET' || path !== '/') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(viewPage(width, height));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (!allowed(req) || path !== '/ws') {
      socket.end(`HTTP/1.1 ${allowed(req) ? '404 Not Found' : '403 Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      // The clients so far get what is pending; the new one the whole screen (the shadow then holds what every client has).
      if (timer) clearTimeout(timer);
      flush();
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      ws.on('error', () => clients.delete(ws));
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ type: 'hello', width, height }));
      const s = screen.surface;
      shadow ??= new Uint8Array(s.bits.length);
      shadow.set(s.bits);
      ws.send(rectFrame(s.bits, s.stride, { left: 0, top: 0, right: width, bottom: height }));
      if (ended !== undefined) ws.send(JSON.stringify({ type: 'exit', message: ended }));
    });
  });
  server.on('clientError', (_e, socket) => socket.destroy());

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : 0);
    });
  });
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    end: (message) => (closing ??= close(message)),
  };

  async function close(message: string): Promise<void> {
    {
      ended = message;
      if (timer) clearTimeout(timer);
      flush();
      screen.listeners.delete(onChange);
      runIdleOf(m.runState).off('idle', applyPending);
      pending.length = 0;
      const bye = JSON.stringify({ type: 'exit', message });
      await Promise.all(
        [...clients].map(
          (c) =>
            new Promise<void>((resolve) => {
              c.send(bye, () => {
                c.close(1000, 'program ended');
                resolve();
              });
            }),
        ),
      );
      for (const c of clients) c.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    }
  }
}
