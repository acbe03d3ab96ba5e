/**
 * The Winsock families beyond the socket core: select (select.ts), Winsock 2 events and
 * WSAEventSelect (events.ts, ws2.dll only), name resolution (resolve.ts). Registered together with
 * the core families in index.ts; `withEventHooks` wraps the core's re-enabling functions (recv, send,
 * accept, connect, ...) so WSAEventSelect sees them, without changing their files.
 */
import type { ApiDef } from '../emulator/core/api/declare.js';
import { select } from './select.js';
import { events } from './events.js';
import { resolve } from './resolve.js';

export const WINSOCK_EXTRA_FAMILIES: ApiDef[][] = [select, events, resolve];
export { withEventHooks } from './events.js';
