@ seh_unhandled.s — an access violation that no handler takes: the only __try's filter returns
@ EXCEPTION_CONTINUE_SEARCH, so the run ends like the device's crash dialog (exception code, address,
@ module+offset, registers, backtrace; exit code 121). Prints "filter ran" from the filter first.
        .include "ce.inc"
        .syntax unified
        .arch armv5te
        .arm

        .text
        .globl start
        .p2align 2
c_specific_handler:
        ldr     r12, =iat___C_specific_handler
        ldr     pc, [r12]
        .ltorg

        PDATA_EH c_specific_handler, scope
start:
        stmdb   sp!, {r4, lr}
start_pe:
        mov     r4, #0x50
try_begin:
        str     r4, [r4]                @ write to 0x00000050: access violation
try_end:
        mov     r0, #99
        ldmia   sp!, {r4, lr}
        bx      lr
except:
        mov     r0, #98
        ldmia   sp!, {r4, lr}
        bx      lr
start_end:
        PDATA   start, start_pe, start_end, 1
        .ltorg

filter:
        stmdb   sp!, {r4, lr}
        ldr     r0, =msg
        ldr     r4, =iat_printf
        mov     lr, pc
        ldr     pc, [r4]
        mov     r0, #0                  @ EXCEPTION_CONTINUE_SEARCH
        ldmia   sp!, {r4, lr}
        bx      lr
        .ltorg

        .section .rdata, "a"
        .p2align 2
scope:  .word 1, try_begin, try_end, filter, except
msg:    .asciz "seh_unhandled: filter ran, declining\n"

        IMPORT_DIRECTORY_BEGIN
        IMPORT_DESCRIPTOR coredll
        IMPORT_DIRECTORY_END
        IMPORT_TABLES_BEGIN coredll, "COREDLL.dll"
        IMPORT_ORDINAL printf, 1102
        IMPORT_ORDINAL __C_specific_handler, 87
        IMPORT_TABLES_END coredll
