/**
 * Host timers longer than Node's limit (2^31-1 ms): a guest time-out is a DWORD of milliseconds (select(),
 * SO_RCVTIMEO, WaitForSingleObject up to 49.7 days); Node fires a longer setTimeout after 1 ms (with a
 * TimeoutOverflowWarning), which made such a wait end at once.
 */
import { describe, it, expect, vi, afterEach } from 'vitest';
import { hostTimer, Clock } from '../../emulator/core/kernel/clock.js';

afterEach(() => vi.useRealTimers());

describe('hostTimer', () => {
  it('fires after the whole delay, also beyond 2^31-1 ms, and can be cancelled in any leg', () => {
    vi.useFakeTimers();
    const day = 86_400_000;
    let fired = 0;
    hostTimer(30 * day, () => fired++);
    vi.advanceTimersByTime(1000);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(0x7fff_ffff);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(30 * day - 0x7fff_ffff - 1001);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(1);
    expect(fired).toBe(1);

    let other = 0;
    const cancel = hostTimer(0xffff_fffe, () => other++);
    vi.advanceTimersByTime(0x7fff_ffff + 10); // into the second leg
    cancel();
    vi.advanceTimersByTime(0xffff_ffff);
    expect(other).toBe(0);
  });

  it("the run's clock uses it outside --deterministic", () => {
    vi.useFakeTimers();
    const clock = new Clock({});
    let fired = 0;
    clock.setTimer(0xffff_fffe, () => fired++);
    vi.advanceTimersByTime(0x7fff_ffff + 5);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(0xffff_fffe);
    expect(fired).toBe(1);
  });
});
