@ cxxdll.s — C++ exceptions across a DLL boundary (cxx_eh.exe case 7), with the MSVC tables of
@ cxx_eh.s (see there for the layouts) in a DLL of their own:
@   dll_throw(n)  @1: a frame with an object (~Guard prints during the unwind) calls dll_raise, which
@                 throws int n with the DLL's own ThrowInfo and TypeDescriptor ".H" (the catching EXE
@                 has another descriptor for int: types match by name).
@   dll_catch(fn) @2: try { fn(); } catch(int x) { prints x }: an exception thrown by the EXE's fn
@                 is caught in the DLL; returns 1 when it caught one.
        .set IMAGE_BASE, 0x10500000
        .include "ce.inc"
        .syntax unified
        .arch armv5te
        .arm

        .set DISP, -20

        .macro FUNCINFO maxstate, unwindmap, ntry, trymap, nip, ipmap
        .word 0x19930522, \maxstate, \unwindmap, \ntry, \trymap, \nip, \ipmap, 0, 1, 4, 0
        .endm

        .text
        .p2align 2
        .globl DllMain
DllMain:
        mov     r0, #1
        bx      lr

cxx_handler:
        ldr     r12, =iat___CxxFrameHandler
        ldr     pc, [r12]
cxx_throw:
        ldr     r12, =iat___CxxThrowException
        ldr     pc, [r12]
print:
        ldr     r12, =iat_printf
        ldr     pc, [r12]
        .ltorg

        PDATA_EH cxx_handler, fi_throw
        .globl dll_throw
dll_throw:
        stmdb   sp!, {r4, r11, lr}
dll_throw_pe:
        mov     r4, #0                  @ Guard constructed: state 0
dll_throw_s0:
        bl      dll_raise
dll_throw_s0e:
        ldmia   sp!, {r4, r11, lr}
        bx      lr
dll_throw_end:
        PDATA   dll_throw, dll_throw_pe, dll_throw_end, 1

dtor_guard:
        stmdb   sp!, {r4, lr}
        ldr     r0, =msg_guard
        bl      print
        ldmia   sp!, {r4, lr}
        bx      lr
        .ltorg

dll_raise:
        stmdb   sp!, {r4, lr}
        sub     sp, sp, #8
dll_raise_pe:
        str     r0, [sp]
        mov     r0, sp
        ldr     r1, =ti_int
        bl      cxx_throw
        add     sp, sp, #8
        ldmia   sp!, {r4, lr}
        bx      lr
dll_raise_end:
        PDATA   dll_raise, dll_raise_pe, dll_raise_end, 0
        .ltorg

        PDATA_EH cxx_handler, fi_catch
        .globl dll_catch
dll_catch:
        stmdb   sp!, {r4, r11, lr}
        sub     sp, sp, #8
dll_catch_pe:
        mov     r4, r0
        mov     lr, pc
dll_catch_try:
        bx      r4                      @ state 0: fn()
dll_catch_tryend:
        mov     r0, #0
dll_catch_ret:
        add     sp, sp, #8
        ldmia   sp!, {r4, r11, lr}
        bx      lr
dll_catch_end:
        PDATA   dll_catch, dll_catch_pe, dll_catch_end, 1
        .ltorg

dll_catch_int:
        stmdb   sp!, {r4, lr}
        ldr     r1, [r11, #DISP]
        ldr     r0, =msg_caught
        bl      print
        ldr     r0, =dll_catch_one
        ldmia   sp!, {r4, lr}
        bx      lr
dll_catch_one:                          @ continuation in dll_catch's body: return 1
        mov     r0, #1
        b       dll_catch_ret
        .ltorg

        .section .rdata, "a"
        .p2align 2
fi_throw: FUNCINFO 1, um_throw, 0, 0, 3, ip_throw
um_throw: .word -1, dtor_guard
ip_throw: .word dll_throw, -1, dll_throw_s0, 0, dll_throw_s0e, -1
fi_catch: FUNCINFO 1, um_try0, 1, tb_catch, 3, ip_catch
um_try0:  .word -1, 0
tb_catch: .word 0, 0, 0, 1, hts_catch
hts_catch: .word 0, td_int, DISP, 1, dll_catch_int
ip_catch: .word dll_catch, -1, dll_catch_try, 0, dll_catch_tryend, -1
ti_int:   .word 0, 0, 0, cta_int
cta_int:  .word 1, ct_int
ct_int:   .word 1, td_int, 0, -1, 0, 4, 0
td_int:   .word 0, 0
        .asciz ".H"
msg_guard:  .asciz "case 7: cxxdll ~Guard during the unwind\n"
msg_caught: .asciz "case 7: cxxdll caught int %d thrown by the EXE\n"

        IMPORT_DIRECTORY_BEGIN
        IMPORT_DESCRIPTOR coredll
        IMPORT_DIRECTORY_END
        IMPORT_TABLES_BEGIN coredll, "COREDLL.dll"
        IMPORT_ORDINAL printf, 1102
        IMPORT_ORDINAL __CxxFrameHandler, 1550
        IMPORT_ORDINAL __CxxThrowException, 1551
        IMPORT_TABLES_END coredll
