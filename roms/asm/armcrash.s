@ armcrash.s — an access violation in ARM-mode code, for the precise fault PC of crash reports.
@ unicorn 2.0.1 reports the start of the translation block as PC of a data abort; the emulator finds
@ the faulting instruction by decoding the block. So the faulting store sits in the middle of a block
@ after other loads and stores that succeed (one with writeback), and instructions follow it.
@ Prints the address of the faulting instruction, then stores two words at address 0x00000020
@ (STMIA r1!, {r2, r3} with r1 = 0x20): the crash report must say "at PC" = that address.
        .include "ce.inc"
        .syntax unified
        .arch armv5te
        .arm

        .text
        .globl start
        .p2align 2
start:
        stmfd   sp!, {r4, lr}
        ldr     r0, =msg
        adr     r1, fault_here
        ldr     r4, =iat_printf
        mov     lr, pc
        ldr     pc, [r4]
        mov     r1, #0
        mov     r2, #5
        add     r4, r4, #1
        str     r2, [sp, #-4]!          @ succeeds (pre-indexed writeback)
        ldr     r3, [sp], #4            @ succeeds (post-indexed)
        add     r1, r1, #0x20
fault_here:
        stmia   r1!, {r2, r3}           @ write to 0x00000020: access violation
        mov     r3, #7
        add     r4, r4, #1
        ldr     r0, =msg_fail
        ldr     r4, =iat_printf
        mov     lr, pc
        ldr     pc, [r4]
        mov     r0, #99
        ldmfd   sp!, {r4, lr}
        bx      lr
        .ltorg

        .section .rdata, "a"
msg:
        .asciz  "armcrash: faulting store at %p\n"
msg_fail:
        .asciz  "armcrash: FAIL still running after the bad store\n"

        IMPORT_DIRECTORY_BEGIN
        IMPORT_DESCRIPTOR coredll
        IMPORT_DIRECTORY_END
        IMPORT_TABLES_BEGIN coredll, "COREDLL.dll"
        IMPORT_ORDINAL printf, 1102
        IMPORT_TABLES_END coredll
