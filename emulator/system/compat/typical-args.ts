/**
 * The arguments a corpus run gives each program besides none at all: what a user would type first.
 * Keyed by lower-case file name; a program not listed gets `/?` (its usage text, for a console tool).
 * The network tools get the invocations issue 12 asks to work (ping 127.0.0.1 -n 2, tracert -h 2
 * 127.0.0.1, netstat -n/-e/-s/-r, ipconfig /all, route print, ipv6 if), cmd.exe a one-line command.
 */
export const DEFAULT_ARGS: string[][] = [['/?']];

export const TYPICAL_ARGS: Record<string, string[][]> = {
  'ping.exe': [['127.0.0.1', '-n', '2'], ['/?']],
  'tracert.exe': [['-h', '2', '127.0.0.1']],
  'netstat.exe': [['-n'], ['-e'], ['-s'], ['-r']],
  'ipconfig.exe': [['/all']],
  'route.exe': [['print']],
  'ipv6.exe': [['if']],
  'net.exe': [['help']],
  'cmd.exe': [['/c', 'echo hello']],
  'iltiming.exe': [['-?']],
  'osbench.exe': [['-?']],
  // The user-mode driver / service hosts: the device manager starts them with the volume name of their
  // HKLM\Drivers\ProcGroup_* "ProcVolPrefix" (CE 6 common.reg), which they register with RegisterAFSName.
  'servicesd.exe': [['$services']],
  'udevice.exe': [['$udevice']],
};

/** The argument sets a corpus run uses for a program besides no arguments. */
export function typicalArgs(fileName: string): string[][] {
  return TYPICAL_ARGS[fileName.replace(/^.*[\\/]/, '').toLowerCase()] ?? DEFAULT_ARGS;
}
