/**
 * C++ run-time type information (coredll __RTDynamicCast, __RTtypeid, __RTCastToVoid, type_info and its
 * vftable, a data export) and the eh vector constructor/destructor iterators (??_L, ??_M)
 * and the vbase constructor iterator (??_N: ctor(element, 1)):
 * roms/src/rtti.cpp, compiled by clang with MSVC's 32-bit RTTI layouts.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { EXIT_CODES } from '../../emulator/core/machine.js';
import { undecorateTypeName } from '../../emulator/dlls/coredll/rtti.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'rtti.exe');

describe('C++ RTTI', () => {
  it('rtti.exe: dynamic_cast under single, multiple and virtual inheritance, typeid names, type_info members and vftable', async () => {
    const r = await runExecutable(rom);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.endsWith(': FAILED'))).toEqual([]);
    expect(lines.filter((l) => l.endsWith(': ok'))).toHaveLength(28);
    expect(lines).toContain('typeid(*(A *)&b).name() = struct B');
    expect(lines).toContain('typeid(*(A *)&b).raw_name() = .?AUB@@');
    expect(lines).toContain('typeid(*(C *)&d).name() = struct D');
    expect(lines).toContain('typeid(*(A *)&vd).name() = struct VD');
    expect(lines).toContain('typeid(*(A *)&box).name() = struct ns::Box<int>');
    expect(lines).toContain('typeid(int).name() = int');
    expect(lines).toContain('typeid(const char *).name() = char const *');
    expect(lines).toContain('typeid(unsigned short **).name() = unsigned short * *');
    expect(lines).toContain('a type_info made with that vftable: name() = int');
    expect(lines).toContain('vector destructor iterator order: 4 3 2 1');
    expect(lines).toContain('vbase vector constructor iterator: 105 106 107, flag 1 given 3 times');
    expect(lines.at(-2)).toBe('rtti: done');
    expect(r.status).toBe('exited');
    expect(r.exitCode).toBe(0);
  });

  it('rtti.exe r: a failed dynamic_cast to a reference stops naming the case (coredll throws std::bad_cast)', async () => {
    const r = await runExecutable(rom, { args: ['r'] });
    expect(r.exitCode).toBe(EXIT_CODES.unimplemented);
    expect(r.message).toMatch(/__RTDynamicCast a failed dynamic_cast to a reference \("\.\?AUOther@@" from "\.\?AUA@@"\): coredll throws std::bad_cast/);
    expect(r.stdout).not.toMatch(/reference cast returned/);
  });

  it('rtti.exe n: typeid of a NULL pointer stops naming the case (std::bad_typeid)', async () => {
    const r = await runExecutable(rom, { args: ['n'] });
    expect(r.exitCode).toBe(EXIT_CODES.unimplemented);
    expect(r.message).toMatch(/__RTtypeid typeid of a NULL pointer/);
  });

  it('type names undecorate as __unDName with UNDNAME_TYPE_ONLY does', () => {
    expect(undecorateTypeName('.?AVFoo@@')).toBe('class Foo');
    expect(undecorateTypeName('.?AVInner@Outer@ns@@')).toBe('class ns::Outer::Inner');
    expect(undecorateTypeName('.?AUtagPOINT@@')).toBe('struct tagPOINT');
    expect(undecorateTypeName('.?ATU@@')).toBe('union U');
    expect(undecorateTypeName('.?AW4Color@@')).toBe('enum Color');
    expect(undecorateTypeName('.?AV?$vec@V?$vec@H@@@@')).toBe('class vec<class vec<int> >');
    expect(undecorateTypeName('.PAVFoo@@')).toBe('class Foo *');
    expect(undecorateTypeName('.QBD')).toBe('char const * const');
    expect(undecorateTypeName('._W')).toBe('wchar_t');
    expect(() => undecorateTypeName('.?AV?$arr@$0A@@@')).toThrow(/a decoration this undecorator does not read/);
  });
});
