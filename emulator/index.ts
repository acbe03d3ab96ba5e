/**
 * wmemu's programmatic API.
 *
 *   import { start, runExecutable } from 'wmemu';
 *   const emu = await start('app.exe', { profile: 'ci.json', args: ['--serve'] });
 *   const sock = await emu.connect();
 *   const result = await emu.exited;
 */
export { start, Emulation, StartError, type StartOptions, type CapturedRun } from './system/session.js';
export {
  Locator,
  LocatorError,
  type DisplayHandle,
  type WindowInfo,
  type WindowQuery,
  type WaitForOptions,
  type LocatorState,
  type TapResult,
} from './system/display.js';
export { resolveOptions, validateStartOptions, START_SCHEMA, type EffectiveOptions } from './system/options.js';
export { OptionError, parseDuration, parseSize, PROFILE_SCHEMA, profileJsonSchema } from './system/schema.js';
export { runExecutable, type RunOptions } from './system/run.js';
export {
  HookError,
  errorCode,
  parseFailSpec,
  type HookCall,
  type HookHandler,
  type HookHandle,
  type FailHandle,
  type FailOptions,
  type FailSpec,
} from './system/hooks.js';
export type { HookMemory } from './core/api/hooks.js';
export { Machine, EXIT_CODES, type MachineOptions, type RunResult, type RunStatus } from './core/machine.js';
export { CPU_MODELS, DEFAULT_CPU } from './core/unicorn/unicorn.js';
export type { ListenEvent, RedirectEvent } from './core/events.js';
export type { TraceOptions, TraceRecord } from './core/api/trace.js';
export { loadProfile, validateProfile, mergeProfiles, ProfileError, type DeviceProfile, type ScreenMetrics, type ProfileLimits } from './system/profile.js';
export { redirectFromMap, RedirectError, type ConnectRedirect, type ConnectDestination, type RedirectMap, type RedirectTarget } from './core/net/redirect.js';
export { PcapWriter, TrafficCapture, LINKTYPE_RAW, type Endpoint } from './system/capture/pcap.js';
export { romPath, profilePath, bundledRoms, bundledProfiles } from './system/bundled.js';
export { cacheDir as preparedCacheDir } from './core/unicorn/prepare.js';
export { Clock, DEFAULT_DETERMINISTIC_START, type ClockOptions } from './core/kernel/clock.js';
