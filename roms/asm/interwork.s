@ interwork.s — ARM <-> Thumb interworking in a CE ROM (ARMV4I style: ARM code + Thumb-1 code).
@ Has a .reloc section (HIGHLOW entries only, like Microsoft-built CE binaries).
@   1. ARM entry prints through the IAT (mov lr, pc / ldr pc, [r4]).
@   2. ARM calls the Thumb function thumb_triple with BLX <imm> (ARM -> Thumb).
@   3. thumb_triple prints with wprintf through the IAT (ldr r3, [r3] / blx r3 from Thumb), calls the
@      ARM function arm_double with BLX <imm> (Thumb -> ARM), which returns with BX LR, and returns
@      to its ARM caller with POP {pc}: thumb_triple(x) = x + 2x.
@   4. ARM calls thumb_inc through a function-pointer table in .data (odd address: HIGHLOW reloc
@      target with the Thumb bit) with BLX r12; thumb_inc returns with BX LR.
@ With x = 20 the entry returns (20 * 3) + 1 = 61 as the exit code.
        .include "ce.inc"
        .syntax unified
        .arch armv5te

        .text
        .arm
        .globl start
        .p2align 2
start:
        stmfd   sp!, {r4, r5, lr}
        ldr     r0, =msg_start
        adr     r1, start
        ldr     r4, =iat_printf
        mov     lr, pc
        ldr     pc, [r4]
        mov     r0, #20
        blx     thumb_triple            @ ARM -> Thumb
        mov     r5, r0
        ldr     r0, =msg_triple
        mov     r1, r5
        ldr     r4, =iat_printf
        mov     lr, pc
        ldr     pc, [r4]
        ldr     r12, =func_table
        ldr     r12, [r12]              @ thumb_inc | 1 (relocated pointer)
        mov     r0, r5
        blx     r12                     @ ARM -> Thumb through a register
        mov     r5, r0
        ldr     r0, =msg_done
        mov     r1, r5
        ldr     r2, =func_table
        ldr     r2, [r2]
        ldr     r4, =iat_printf
        mov     lr, pc
        ldr     pc, [r4]
        mov     r0, r5                  @ exit code 61
        ldmfd   sp!, {r4, r5, lr}
        bx      lr
        .ltorg

        .p2align 2
arm_double:                             @ ARM mode, called from Thumb with BLX
        mov     r0, r0, lsl #1
        bx      lr

        .thumb
        .p2align 1
        .thumb_func
thumb_triple:                           @ Thumb-1 code
        push    {r4, lr}
        movs    r4, r0
        ldr     r0, =wmsg_thumb
        movs    r1, r4
        ldr     r3, =iat_wprintf
        ldr     r3, [r3]
        blx     r3                      @ Thumb -> import through the IAT
        movs    r0, r4
        blx     arm_double              @ Thumb -> ARM
        adds    r0, r0, r4
        pop     {r4, pc}                @ return to the ARM caller (POP PC interworks on ARMv5T)

        .p2align 1
        .thumb_func
thumb_inc:
        adds    r0, r0, #1
        bx      lr
        .p2align 2
        .ltorg

        .data
        .p2align 2
func_table:
        .word   thumb_inc               @ = address | 1
        .word   arm_double              @ even

        .section .rdata, "a"
msg_start:
        .asciz  "interwork: ARM entry at %p\n"
msg_triple:
        .asciz  "interwork: back in ARM mode, thumb_triple(20) = %d\n"
msg_done:
        .asciz  "interwork: thumb_inc via pointer -> %d (pointer %p), returning it\n"
        .p2align 1
wmsg_thumb:                             @ UTF-16LE L"interwork: wprintf from Thumb, x=%d\n"
        .short  'i', 'n', 't', 'e', 'r', 'w', 'o', 'r', 'k', ':', ' ', 'w'
        .short  'p', 'r', 'i', 'n', 't', 'f', ' ', 'f', 'r', 'o', 'm', ' '
        .short  'T', 'h', 'u', 'm', 'b', ',', ' ', 'x', '=', '%', 'd', 10, 0

        IMPORT_DIRECTORY_BEGIN
        IMPORT_DESCRIPTOR coredll
        IMPORT_DIRECTORY_END
        IMPORT_TABLES_BEGIN coredll, "COREDLL.dll"
        IMPORT_ORDINAL printf, 1102
        IMPORT_ORDINAL wprintf, 1134
        IMPORT_TABLES_END coredll
