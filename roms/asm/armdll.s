@ armdll.s — an ARM-mode DLL, as Microsoft's CE compilers build them (ARMV4I: ARM code, BX LR returns).
@ Built by roms/build.sh (asm_dll): linked at 0x10400000, exports from roms/asm/armdll.def (by name and
@ ordinal, arm_secret by ordinal only), base relocations, entry point DllMain.
@
@ DllMain(hinst, reason, lpReserved) appends "<reason><R|N>;" to a log (R: lpReserved non-NULL, N: NULL),
@ which arm_log() returns, and prints "armdll: DllMain reason=<n> reserved=<NULL|non-NULL>" with
@ COREDLL printf, so the detach at process exit shows on the console. arm_set_detach_mode(1) makes
@ DllMain(DLL_PROCESS_DETACH) crash (a load from address 0) after printing, (2) spin forever.
@ Exports:
@   arm_add(a, b) = a + b                       @1
@   arm_muladd(a, b, c) = a * b + c             @2
@   arm_hinst() = hinst DllMain was given       @3
@   arm_log() = the DllMain log (char *)        @4
@   arm_apply(fn, x) = fn(x) + 1                @5   calls fn with BLX: fn may be Thumb code
@   arm_set_detach_mode(mode)                   @6
@   arm_secret() = 0x5EC2E7                     @9   NONAME (GetProcAddressW(h, (LPCWSTR)9))
        .set IMAGE_BASE, 0x10400000
        .include "ce.inc"
        .syntax unified
        .arch armv5te

        .set LOG_MAX, 120

        .text
        .arm
        .p2align 2
        .globl DllMain
DllMain:
        stmfd   sp!, {r4-r6, lr}
        mov     r4, r0
        mov     r5, r1
        mov     r6, r2
        cmp     r5, #1                  @ DLL_PROCESS_ATTACH: remember hinst
        ldreq   r3, =g_hinst
        streq   r4, [r3]
        @ append "<reason><R|N>;" to the log while there is room
        ldr     r3, =g_log_len
        ldr     r12, [r3]
        cmp     r12, #LOG_MAX
        bhs     1f
        ldr     r0, =g_log
        add     r0, r0, r12
        add     r1, r5, #'0'
        strb    r1, [r0]
        cmp     r6, #0
        moveq   r1, #'N'
        movne   r1, #'R'
        strb    r1, [r0, #1]
        mov     r1, #';'
        strb    r1, [r0, #2]
        mov     r1, #0
        strb    r1, [r0, #3]
        add     r12, r12, #3
        str     r12, [r3]
1:      ldr     r0, =msg_dllmain
        mov     r1, r5
        cmp     r6, #0
        ldreq   r2, =str_null
        ldrne   r2, =str_nonnull
        ldr     r3, =iat_printf
        mov     lr, pc
        ldr     pc, [r3]
        cmp     r5, #0                  @ DLL_PROCESS_DETACH: the test modes
        bne     2f
        ldr     r3, =g_detach_mode
        ldr     r3, [r3]
        cmp     r3, #1
        moveq   r0, #0
        ldreq   r0, [r0]                @ mode 1: access violation
        cmp     r3, #2
3:      beq     3b                      @ mode 2: never returns
2:      mov     r0, #1                  @ TRUE
        ldmfd   sp!, {r4-r6, pc}
        .ltorg

        .globl arm_add
arm_add:
        add     r0, r0, r1
        bx      lr

        .globl arm_muladd
arm_muladd:
        mla     r0, r0, r1, r2
        bx      lr

        .globl arm_hinst
arm_hinst:
        ldr     r0, =g_hinst
        ldr     r0, [r0]
        bx      lr

        .globl arm_log
arm_log:
        ldr     r0, =g_log
        bx      lr

        .globl arm_apply
arm_apply:                              @ (fn, x): fn(x) + 1, fn ARM or Thumb (bit 0)
        stmfd   sp!, {r4, lr}
        mov     r12, r0
        mov     r0, r1
        blx     r12
        add     r0, r0, #1
        ldmfd   sp!, {r4, pc}           @ LDM to PC interworks on ARMv5T

        .globl arm_set_detach_mode
arm_set_detach_mode:
        ldr     r1, =g_detach_mode
        str     r0, [r1]
        bx      lr

        .globl arm_secret
arm_secret:
        ldr     r0, =0x5EC2E7
        bx      lr
        .ltorg

        .data
        .p2align 2
g_hinst:        .word 0
g_log_len:      .word 0
g_detach_mode:  .word 0
g_log:          .space LOG_MAX + 4

        .section .rdata, "a"
msg_dllmain:
        .asciz  "armdll: DllMain reason=%d reserved=%s\n"
str_null:
        .asciz  "NULL"
str_nonnull:
        .asciz  "non-NULL"

        IMPORT_DIRECTORY_BEGIN
        IMPORT_DESCRIPTOR coredll
        IMPORT_DIRECTORY_END
        IMPORT_TABLES_BEGIN coredll, "COREDLL.dll"
        IMPORT_ORDINAL printf, 1102
        IMPORT_TABLES_END coredll
