/**
 * ole32.dll: wmemu's own small COM library (in-process servers from the run's registry, GUID strings,
 * task memory). No reference export table: its exports are bound by name only (as iphlpapi). Being in
 * the DLL set, it is preferred over a device image's real ole32.dll (which needs the kernel's LPC
 * driver). A bad guest pointer
 * is an access violation in the caller, as in the real ole32 (it does not probe its arguments).
 */
import { defineDll } from '../../core/api/registry.js';
import { com } from './com.js';
import { guid } from './guid.js';
import { mem } from './mem.js';
import { stream } from './stream.js';
import { hglobal } from './hglobal.js';
import { bindctx } from './bindctx.js';
import { rot } from './rot.js';
import { stgmedium } from './stgmedium.js';
import { advise } from './advise.js';
import { storage } from './storage.js';
import { marshal } from './marshal.js';
import { classfile } from './classfile.js';

export const OLE32 = defineDll({
  name: 'ole32.dll',
  fault: { kind: 'crash' },
  families: [com, guid, mem, stream, hglobal, bindctx, rot, stgmedium, advise, storage, marshal, classfile],
});
