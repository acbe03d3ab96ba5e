/**
 * The CI-regression options of `wmemu run` (issue 7): --profile, --deterministic, --network,
 * --redirect, --pcap; and the network sandbox (issue 6): --net (= --network), --allow, --deny. `addCiOptions` declares them; `applyCiOptions` merges the profile *under* the
 * options given on the command line (an option the user typed always wins; a commander default
 * does not) and adds the capture, redirect and determinism settings to the Machine options.
 */
import { Option, type Command } from 'commander';
import type { MachineOptions } from '../emulator/core/machine.js';
import type { Machine } from '../emulator/core/machine.js';
import { loadProfile, type DeviceProfile } from '../emulator/system/profile.js';
import { PcapWriter, TrafficCapture } from '../emulator/system/capture/pcap.js';
import { redirectFromMap, type RedirectMap } from '../emulator/core/net/redirect.js';
import { parseNetRules } from '../winsock-shim/policy.js';

export function addCiOptions(cmd: Command): Command {
  // --allow and --deny go to one list in command-line order (first match wins).
  const rules: string[] = [];
  const rule = (action: 'allow' | 'deny') => (v: string) => {
    rules.push(`${action} ${v}`);
    return rules;
  };
  return cmd
    .option('--profile <file>', 'device profile (JSON): device root, registry, hosts, CPU, screen, locale, network, limits; options given here win')
    .option('--deterministic', 'reproducible run: virtual clock with a fixed start and tick rate, seeded random, instruction-counted time slices')
    .addOption(
      new Option('--network <policy>', 'network policy: host (default), loopback (only 127/8 and ::1), none (network down)').choices([
        'host',
        'loopback',
        'none',
      ]),
    )
    .option(
      '--redirect <from=to>',
      "send the guest's connections for from (addr:port, name:port, *:port) to to (addr:port) instead (repeatable)",
      (v: string, acc: Record<string, string>) => {
        const i = v.indexOf('=');
        if (i <= 0) throw new Error(`--redirect expects from=to, got '${v}'`);
        return { ...acc, [v.slice(0, i)]: v.slice(i + 1) };
      },
      {} as Record<string, string>,
    )
    .option('--pcap <file>', "write the guest's network traffic (every byte sent and received) to a pcap file")
    .addOption(new Option('--net <policy>', 'network policy (same as --network): host, loopback, none').choices(['host', 'loopback', 'none']))
    .option(
      '--allow <rule>',
      'allow connect/bind/sendto to [ops@]addr[/prefix][:port[-port]] (repeatable; first matching --allow/--deny wins; with any --allow, the rest is denied)',
      rule('allow'),
    )
    .option('--deny <rule>', 'deny connect/bind/sendto to [ops@]addr[/prefix][:port[-port]] (WSAEACCES in the guest, logged; repeatable)', rule('deny'));
}

/** Which machine options come from which command-line option (for "the user typed it" checks). */
const FLAG_OF: Partial<Record<keyof MachineOptions, string>> = {
  cpu: 'cpu',
  memoryLimit: 'memoryLimit',
  timeoutMs: 'timeout',
  deviceRoot: 'root',
  registryFile: 'registry',
  network: 'network',
};

export interface CiSetup {
  options: MachineOptions;
  /** Call once the Machine exists (timestamps of the capture come from its clock). */
  attach(m: Machine): void;
  /** Call after the run (closes the capture file). */
  finish(): void;
}

/**
 * Merges a profile and the CI options into `base` (the Machine options main.ts built from the other
 * flags). Throws ProfileError / RedirectError / Error with a one-line message on bad input.
 */
export function applyCiOptions(base: MachineOptions, opts: Record<string, any>, cmd: Command): CiSetup {
  const typed = (flag: string | undefined) =>
    flag !== undefined && cmd.getOptionValueSource(flag) !== undefined && cmd.getOptionValueSource(flag) !== 'default';
  const p: DeviceProfile = opts.profile ? loadProfile(opts.profile) : {};
  const o: MachineOptions & Record<string, unknown> = { ...base };
  const fill = <K extends keyof MachineOptions>(key: K, value: MachineOptions[K] | undefined) => {
    if (value !== undefined && !typed(FLAG_OF[key])) (o as Record<string, unknown>)[key] = value;
  };
  fill('cpu', p.cpu);
  fill('deviceRoot', p.deviceRoot);
  fill('registryFile', p.registry);
  fill('network', p.network);
  if (p.limits?.timeoutSeconds !== undefined) fill('timeoutMs', p.limits.timeoutSeconds * 1000);
  if (p.limits?.memoryLimitMiB !== undefined) fill('memoryLimit', p.limits.memoryLimitMiB * 1024 * 1024);
  if (p.limits?.maxThreads !== undefined && o.maxThreads === undefined) o.maxThreads = p.limits.maxThreads;
  if (p.limits?.maxHandles !== undefined && o.maxHandles === undefined) o.maxHandles = p.limits.maxHandles;
  if (opts.network) o.network = opts.network;
  if (opts.net) o.network = opts.net;
  // Command-line rules first (they win: first match), then the profile's; parseNetRules validates
  // (a bad rule: NetRuleError, one line, exit code 2).
  const netRules = [...((opts.allow ?? opts.deny ?? []) as string[]), ...(p.networkRules ?? []), ...(o.networkRules ?? [])];
  if (netRules.length) {
    parseNetRules(netRules);
    o.networkRules = netRules;
  }
  const hosts = { ...(p.hosts ?? {}), ...((o.hosts as Record<string, string> | undefined) ?? {}) };
  if (Object.keys(hosts).length) o.hosts = hosts;
  if (p.screen) o.screen = p.screen;
  if (p.locale) o.locale = p.locale;
  if (p.env) o.env = p.env;
  o.deterministic = opts.deterministic === true || (p.deterministic ?? false);
  if (p.clockStart !== undefined || p.utcOffsetMinutes !== undefined) {
    o.clock = { ...(p.clockStart !== undefined && { start: p.clockStart }), ...(p.utcOffsetMinutes !== undefined && { utcOffsetMinutes: p.utcOffsetMinutes }) };
  }
  const redirect: RedirectMap = { ...(p.redirect ?? {}), ...(opts.redirect ?? {}) };
  if (Object.keys(redirect).length) o.redirect = redirectFromMap(redirect, hosts);
  let capture: TrafficCapture | undefined;
  if (opts.pcap) {
    capture = new TrafficCapture(PcapWriter.toFile(opts.pcap));
    o.capture = capture;
  }
  return {
    options: o,
    attach: (m) => capture?.useClock(() => m.clock.nowUtcMicros()),
    finish: () => capture?.close(),
  };
}
