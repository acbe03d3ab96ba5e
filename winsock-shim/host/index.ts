/**
 * Host socket layer of the Winsock shim: Linux sockets through koffi, a thin adapter (fd, syscall,
 * errno mapping, sockaddr conversion, poller) with no Winsock rule of its own (those are in winsock-shim/*.ts).
 *  - libc.ts        koffi bindings (declared once), Linux constants, scratch area, addressOf/allocLowMemory
 *  - errno.ts       Linux errno → Winsock error table
 *  - sockaddr.ts    guest (Winsock) ↔ host (Linux) sockaddr conversion, text forms
 *  - poller.ts      the single process-wide epoll poller
 *  - host-socket.ts HostSocket: one non-blocking socket, results or negative Winsock errors
 */
export * as hostLibc from './libc.js';
export { addressOf, allocLowMemory } from './libc.js';
export { WSA, ERRNO_TO_WSA, WSA_DEFAULT, wsaFromErrno, wsaName } from './errno.js';
export * from './sockaddr.js';
export * from './poller.js';
export * from './host-socket.js';
