@ seh_unwind.s — the unwind pass of CE structured exception handling, laid out the way MSVC for CE
@ emits it: .pdata for every function, PDATA_EH {__C_specific_handler, scope table} in front of each
@ function with a __try, scope tables innermost first, __finally blocks as termination-handler
@ funclets (scope entries with JumpTarget 0, called as handler(AbnormalTermination, EstablisherFrame)),
@ filters called as filter(EXCEPTION_POINTERS *, EstablisherFrame).
@   1. ARM frames test_unwind -> mid -> leaf; leaf faults. Dispatch: leaf and mid's __finally scopes are
@      skipped, mid's filter declines, test_unwind's filter accepts. Unwind: the __finally blocks of
@      leaf, mid (inner, then outer) and test_unwind's inner __try run, innermost first, once each,
@      with AbnormalTermination = 1 and their own EstablisherFrame; test_unwind's outermost __finally
@      (around the __try/__except) does not run then, only on its normal path (abnormal = 0). The
@      __except block finds r4-r7 and sp as they were before the call.
@   2. Thumb-1 frames (ARMV4I: push {r4-r7, lr}, high registers saved through r4/r5, a 520-byte frame
@      allocated with ldr r3, =520; negs r3, r3; add sp, r3): RaiseException in thumb_leaf, a Thumb
@      __finally in thumb_mid, caught by an ARM __except in test_thumb with r4-r11 and sp restored.
@   3. An exception inside an epilog: epi_func has released its locals (add sp, sp, #16) when its
@      `vpop {d8}` raises an undefined-instruction exception on a CPU without VFP (pxa270); the
@      unwinder must execute the rest of the epilog forward. With VFP (cortex-a8) nothing faults.
@   4. Language handlers written in assembly (PDATA_EH with a handler of its own, no scope table): in
@      the dispatch pass they see ExceptionFlags 0; the outer one accepts by storing its continuation
@      in DispatcherContext->ControlPc and returning ExceptionExecuteHandler (4); in the unwind pass
@      they see EXCEPTION_UNWINDING (2), the outer one EXCEPTION_UNWINDING | EXCEPTION_TARGET_UNWIND
@      (0x22), each with ContextRecord->Pc = the continuation and R0 = the exception code.
@ Prints one line per event and returns the number of failed checks.
        .include "ce.inc"
        .syntax unified
        .arch armv5te
        .fpu vfpv2
        .arm

        .text
        .globl start
        .p2align 2
start:
        stmdb   sp!, {r4, lr}
start_pe:
        ldr     r0, =msg_case1
        bl      print
        bl      test_unwind
        ldr     r0, =msg_case2
        bl      print
        bl      test_thumb
        ldr     r0, =msg_case3
        bl      print
        bl      test_epilog
        ldr     r0, =msg_case4
        bl      print
        bl      test_lang
        ldr     r4, =fails
        ldr     r1, [r4]
        ldr     r0, =msg_done
        bl      print
        ldr     r0, [r4]
        ldmia   sp!, {r4, lr}
        bx      lr
start_end:
        PDATA   start, start_pe, start_end, 0
        .ltorg

@ print(fmt, a1, a2, a3): printf through the IAT
print:
        stmdb   sp!, {r4, lr}
print_pe:
        ldr     r4, =iat_printf
        mov     lr, pc
        ldr     pc, [r4]
        ldmia   sp!, {r4, lr}
        bx      lr
print_end:
        PDATA   print, print_pe, print_end, 0
        .ltorg

@ check(r0 = condition (0 = bad)): returns the "ok"/"BAD" string in r0, counts failures
check:
        cmp     r0, #0
        ldrne   r0, =str_ok
        bxne    lr
        ldr     r1, =fails
        ldr     r2, [r1]
        add     r2, r2, #1
        str     r2, [r1]
        ldr     r0, =str_bad
        bx      lr
        .ltorg

@ fin_report(r0 = AbnormalTermination, r1 = EstablisherFrame, r2 = name, r3 = &expected frame)
fin_report:
        stmdb   sp!, {r4-r6, lr}
fin_report_pe:
        mov     r4, r0
        mov     r5, r2
        ldr     r3, [r3]
        subs    r0, r1, r3
        moveq   r0, #1
        movne   r0, #0
        bl      check
        mov     r3, r0
        mov     r2, r4
        mov     r1, r5
        ldr     r0, =msg_finally
        bl      print
        ldmia   sp!, {r4-r6, lr}
        bx      lr
fin_report_end:
        PDATA   fin_report, fin_report_pe, fin_report_end, 0
        .ltorg

@ filter_report(r0 = EXCEPTION_POINTERS *, r1 = EstablisherFrame, r2 = name, r3 = &expected frame)
@ prints "filter <name>: code <code> frame ok"; returns the code in r0
filter_report:
        stmdb   sp!, {r4-r6, lr}
filter_report_pe:
        ldr     r0, [r0]                @ ->ExceptionRecord
        ldr     r4, [r0]                @ ->ExceptionCode
        mov     r5, r2
        ldr     r3, [r3]
        subs    r0, r1, r3
        moveq   r0, #1
        movne   r0, #0
        bl      check
        mov     r3, r0
        mov     r2, r4
        mov     r1, r5
        ldr     r0, =msg_filter
        bl      print
        mov     r0, r4
        ldmia   sp!, {r4-r6, lr}
        bx      lr
filter_report_end:
        PDATA   filter_report, filter_report_pe, filter_report_end, 0
        .ltorg

@ The language handler, as an import thunk (what the linker makes of a PDATA_EH reference).
c_specific_handler:
        ldr     r12, =iat___C_specific_handler
        ldr     pc, [r12]
        .ltorg

@ ==== 1. __finally blocks across ARM frames ========================================================
@ void test_unwind(void) {
@   __try {                                   // scope 3: __finally fin_A_outer
@     __try {                                 // scope 2: __except (filter_A)
@       __try { mid(); } __finally { fin_A }  // scope 1
@     } __except (filter_A(GetExceptionInformation())) { check registers }
@   } __finally { fin_A_outer }
@ }
        PDATA_EH c_specific_handler, scope_A
test_unwind:
        stmdb   sp!, {r4-r7, lr}
        sub     sp, sp, #8
test_unwind_pe:
        add     r0, sp, #28             @ EstablisherFrame = SP at entry
        ldr     r1, =frame_A
        str     r0, [r1]
        ldr     r4, =0xA4A4A4A4
        ldr     r5, =0xA5A5A5A5
        ldr     r6, =0xA6A6A6A6
        mov     r7, sp
A_try_outer:
A_try_except:
A_try_inner:
        bl      mid
        ldr     r0, =msg_fail_returned
        bl      print
A_try_inner_end:
        mov     r0, #0                  @ normal path of the inner __finally
        add     r1, sp, #28
        bl      fin_A
        b       A_after_except
A_try_except_end:
A_except:                               @ r0 = exception code
        mov     r1, r0
        ldr     r0, =0xA4A4A4A4
        cmp     r4, r0
        ldreq   r0, =0xA5A5A5A5
        cmpeq   r5, r0
        ldreq   r0, =0xA6A6A6A6
        cmpeq   r6, r0
        moveq   r0, #1
        movne   r0, #0
        str     r1, [sp]
        bl      check
        mov     r2, r0
        subs    r0, r7, sp
        moveq   r0, #1
        movne   r0, #0
        str     r2, [sp, #4]
        bl      check
        mov     r3, r0
        ldr     r1, [sp]
        ldr     r2, [sp, #4]
        ldr     r0, =msg_except_A
        bl      print
A_after_except:
A_try_outer_end:
        mov     r0, #0                  @ normal path of the outer __finally
        add     r1, sp, #28
        bl      fin_A_outer
        add     sp, sp, #8
        ldmia   sp!, {r4-r7, lr}
        bx      lr
test_unwind_end:
        PDATA   test_unwind, test_unwind_pe, test_unwind_end, 1
        .ltorg

filter_A:
        stmdb   sp!, {r4, lr}
filter_A_pe:
        ldr     r2, =name_A
        ldr     r3, =frame_A
        bl      filter_report
        ldr     r0, =msg_accept
        bl      print
        mov     r0, #1                  @ EXCEPTION_EXECUTE_HANDLER
        ldmia   sp!, {r4, lr}
        bx      lr
filter_A_end:
        PDATA   filter_A, filter_A_pe, filter_A_end, 0
        .ltorg

fin_A:
        stmdb   sp!, {r4, lr}
fin_A_pe:
        ldr     r2, =name_A
        ldr     r3, =frame_A
        bl      fin_report
        ldmia   sp!, {r4, lr}
        bx      lr
fin_A_end:
        PDATA   fin_A, fin_A_pe, fin_A_end, 0
        .ltorg

fin_A_outer:
        stmdb   sp!, {r4, lr}
fin_A_outer_pe:
        ldr     r2, =name_A_outer
        ldr     r3, =frame_A
        bl      fin_report
        ldmia   sp!, {r4, lr}
        bx      lr
fin_A_outer_end:
        PDATA   fin_A_outer, fin_A_outer_pe, fin_A_outer_end, 0
        .ltorg

@ void mid(void) {
@   __try {                                   // scope 3: __finally fin_B2
@     __try {                                 // scope 2: __except (filter_B declines)
@       __try { leaf(); } __finally { fin_B1 } // scope 1
@     } __except (filter_B()) { never }
@   } __finally { fin_B2 }
@ }
        PDATA_EH c_specific_handler, scope_B
mid:
        stmdb   sp!, {r4-r6, lr}
        sub     sp, sp, #16
mid_pe:
        add     r0, sp, #32
        ldr     r1, =frame_B
        str     r0, [r1]
        mov     r4, #0                  @ clobbers the caller's r4-r6: unwinding restores them
        mov     r5, #0
        mov     r6, #0
B_try2:
B_try1:
B_try0:
        bl      leaf
B_try0_end:
        mov     r0, #0
        add     r1, sp, #32
        bl      fin_B1
B_try1_end:
        b       B_after
B_except:
        ldr     r0, =msg_fail_except_B
        bl      print
B_after:
B_try2_end:
        mov     r0, #0
        add     r1, sp, #32
        bl      fin_B2
        add     sp, sp, #16
        ldmia   sp!, {r4-r6, lr}
        bx      lr
mid_end:
        PDATA   mid, mid_pe, mid_end, 1
        .ltorg

filter_B:
        stmdb   sp!, {r4, lr}
filter_B_pe:
        ldr     r2, =name_B
        ldr     r3, =frame_B
        bl      filter_report
        ldr     r0, =msg_decline
        bl      print
        mov     r0, #0                  @ EXCEPTION_CONTINUE_SEARCH
        ldmia   sp!, {r4, lr}
        bx      lr
filter_B_end:
        PDATA   filter_B, filter_B_pe, filter_B_end, 0
        .ltorg

fin_B1:
        stmdb   sp!, {r4, lr}
fin_B1_pe:
        ldr     r2, =name_B1
        ldr     r3, =frame_B
        bl      fin_report
        ldmia   sp!, {r4, lr}
        bx      lr
fin_B1_end:
        PDATA   fin_B1, fin_B1_pe, fin_B1_end, 0
        .ltorg

fin_B2:
        stmdb   sp!, {r4, lr}
fin_B2_pe:
        ldr     r2, =name_B2
        ldr     r3, =frame_B
        bl      fin_report
        ldmia   sp!, {r4, lr}
        bx      lr
fin_B2_end:
        PDATA   fin_B2, fin_B2_pe, fin_B2_end, 0
        .ltorg

@ void leaf(void) { __try { *(int *)0x24 = 0; } __finally { fin_C } }
        PDATA_EH c_specific_handler, scope_C
leaf:
        stmdb   sp!, {r4, lr}
        sub     sp, sp, #8
leaf_pe:
        add     r0, sp, #16
        ldr     r1, =frame_C
        str     r0, [r1]
        mov     r4, #0x24
C_try:
        str     r4, [r4]                @ write to 0x00000024: access violation
C_try_end:
        mov     r0, #0
        add     r1, sp, #16
        bl      fin_C
        add     sp, sp, #8
        ldmia   sp!, {r4, lr}
        bx      lr
leaf_end:
        PDATA   leaf, leaf_pe, leaf_end, 1
        .ltorg

fin_C:
        stmdb   sp!, {r4, lr}
fin_C_pe:
        ldr     r2, =name_C
        ldr     r3, =frame_C
        bl      fin_report
        ldmia   sp!, {r4, lr}
        bx      lr
fin_C_end:
        PDATA   fin_C, fin_C_pe, fin_C_end, 0
        .ltorg

@ ==== 2. Thumb-1 frames ============================================================================
@ void test_thumb(void) { __try { thumb_mid(); } __except (1) { check r4-r11, sp } }
        PDATA_EH c_specific_handler, scope_thumb
test_thumb:
        stmdb   sp!, {r4-r11, lr}
        sub     sp, sp, #12
test_thumb_pe:
        ldr     r0, =saved_sp
        str     sp, [r0]
        ldr     r4, =0x44444444
        ldr     r5, =0x55555555
        ldr     r6, =0x66666666
        ldr     r7, =0x77777777
        ldr     r8, =0x88888888
        ldr     r9, =0x99999999
        ldr     r10, =0x10101010
        ldr     r11, =0x11111111
TT_try:
        ldr     r12, =thumb_mid
        blx     r12
        ldr     r0, =msg_fail_returned
        bl      print
        b       TT_out
TT_try_end:
TT_except:
        str     r0, [sp]
        ldr     r0, =0x44444444
        cmp     r4, r0
        ldreq   r0, =0x55555555
        cmpeq   r5, r0
        ldreq   r0, =0x66666666
        cmpeq   r6, r0
        ldreq   r0, =0x77777777
        cmpeq   r7, r0
        ldreq   r0, =0x88888888
        cmpeq   r8, r0
        ldreq   r0, =0x99999999
        cmpeq   r9, r0
        ldreq   r0, =0x10101010
        cmpeq   r10, r0
        ldreq   r0, =0x11111111
        cmpeq   r11, r0
        moveq   r0, #1
        movne   r0, #0
        bl      check
        str     r0, [sp, #4]
        ldr     r0, =saved_sp
        ldr     r0, [r0]
        subs    r0, r0, sp
        moveq   r0, #1
        movne   r0, #0
        bl      check
        mov     r3, r0
        ldr     r2, [sp, #4]
        ldr     r1, [sp]
        ldr     r0, =msg_except_thumb
        bl      print
TT_out:
        add     sp, sp, #12
        ldmia   sp!, {r4-r11, lr}
        bx      lr
test_thumb_end:
        PDATA   test_thumb, test_thumb_pe, test_thumb_end, 1
        .ltorg

@ void thumb_mid(void) { char big[520]; __try { thumb_leaf(); } __finally { fin_T } }
        .thumb
        PDATA_EH c_specific_handler, scope_T
        .thumb_func
thumb_mid:
        push    {r4-r7, lr}
        mov     r4, r8
        mov     r5, r9
        push    {r4, r5}
        ldr     r3, =520
        negs    r3, r3
        add     sp, r3
thumb_mid_pe:
        mov     r1, sp
        ldr     r0, =548                @ 520 + 8 + 20: EstablisherFrame = SP at entry
        adds    r0, r0, r1
        ldr     r1, =frame_T
        str     r0, [r1]
        movs    r4, #0                  @ clobber r4-r9
        movs    r5, #0
        movs    r6, #0
        movs    r7, #0
        mov     r8, r4
        mov     r9, r4
T_try:
        bl      thumb_leaf
T_try_end:
        movs    r0, #0
        mov     r1, sp
        ldr     r2, =548
        adds    r1, r1, r2
        bl      fin_T
        ldr     r3, =520
        add     sp, r3
        pop     {r4, r5}
        mov     r8, r4
        mov     r9, r5
        pop     {r4-r7}
        pop     {r3}
        bx      r3
        .p2align 2
thumb_mid_end:
        PDATA_THUMB thumb_mid, thumb_mid_pe, thumb_mid_end, 1
        .ltorg

        .thumb_func
thumb_leaf:
        push    {r4-r7, lr}
        sub     sp, #8
thumb_leaf_pe:
        movs    r4, #1                  @ clobber r4-r7
        movs    r5, #2
        movs    r6, #3
        movs    r7, #4
        ldr     r0, =0xE0000042         @ RaiseException(0xE0000042, 0, 0, NULL)
        movs    r1, #0
        movs    r2, #0
        movs    r3, #0
        ldr     r4, =iat_RaiseException
        ldr     r4, [r4]
        blx     r4
        add     sp, #8
        pop     {r4-r7}
        pop     {r3}
        bx      r3
        .p2align 2
thumb_leaf_end:
        PDATA_THUMB thumb_leaf, thumb_leaf_pe, thumb_leaf_end, 0
        .ltorg

        .thumb_func
fin_T:                                  @ Thumb __finally funclet: (AbnormalTermination, EstablisherFrame)
        push    {r4, lr}
fin_T_pe:
        ldr     r2, =name_T
        ldr     r3, =frame_T
        blx     fin_report
        pop     {r4}
        pop     {r3}
        bx      r3
        .p2align 2
fin_T_end:
        PDATA_THUMB fin_T, fin_T_pe, fin_T_end, 0
        .ltorg
        .arm

@ ==== 3. an exception inside an epilog =============================================================
@ void test_epilog(void) { __try { epi_func(); } __except (filter_epi()) { check r4-r6, sp } }
        .p2align 2
        PDATA_EH c_specific_handler, scope_epi
test_epilog:
        stmdb   sp!, {r4-r7, lr}
        sub     sp, sp, #8
test_epilog_pe:
        ldr     r4, =0x14141414
        ldr     r5, =0x15151515
        ldr     r6, =0x16161616
        mov     r7, sp
E_try:
        bl      epi_func
        ldr     r0, =msg_epi_nofault
        bl      print
        b       E_out
E_try_end:
E_except:
        str     r0, [sp]
        ldr     r0, =0x14141414
        cmp     r4, r0
        ldreq   r0, =0x15151515
        cmpeq   r5, r0
        ldreq   r0, =0x16161616
        cmpeq   r6, r0
        moveq   r0, #1
        movne   r0, #0
        bl      check
        str     r0, [sp, #4]
        subs    r0, r7, sp
        moveq   r0, #1
        movne   r0, #0
        bl      check
        mov     r3, r0
        ldr     r2, [sp, #4]
        ldr     r1, [sp]
        ldr     r0, =msg_except_epi
        bl      print
E_out:
        add     sp, sp, #8
        ldmia   sp!, {r4-r7, lr}
        bx      lr
test_epilog_end:
        PDATA   test_epilog, test_epilog_pe, test_epilog_end, 1
        .ltorg

filter_epi:                             @ EXCEPTION_ILLEGAL_INSTRUCTION only
        ldr     r0, [r0]
        ldr     r2, [r0]
        ldr     r3, =0xC000001D
        cmp     r2, r3
        moveq   r0, #1
        movne   r0, #0
        bx      lr
        .ltorg

@ A function saving d8: its prolog reserves the slot with sub sp (vpush {d8} would itself fault on a
@ CPU without VFP), its epilog restores it with vpop {d8} after releasing the locals.
epi_func:
        stmdb   sp!, {r4-r6, lr}
        sub     sp, sp, #24             @ d8 save slot (8) + locals (16)
epi_func_pe:
        mov     r0, #0
        str     r0, [sp, #16]
        str     r0, [sp, #20]
        mov     r4, #0                  @ clobber r4-r6
        mov     r5, #0
        mov     r6, #0
        add     sp, sp, #16             @ epilog: locals released
        vpop    {d8}                    @ no VFP: undefined instruction here, inside the epilog
        ldmia   sp!, {r4-r6, pc}
epi_func_end:
        PDATA   epi_func, epi_func_pe, epi_func_end, 0
        .ltorg

@ ==== 4. language handlers written in assembly =====================================================
@ EXCEPTION_DISPOSITION lang4(EXCEPTION_RECORD *rec, DWORD frame, CONTEXT *ctx, DISPATCHER_CONTEXT *dc)
lang4:
        stmdb   sp!, {r4-r8, lr}
lang4_pe:
        mov     r4, r0
        mov     r5, r1
        mov     r6, r2
        mov     r7, r3
        ldr     r8, [r4, #4]            @ ExceptionFlags
        ldr     r0, =frame_L
        ldr     r0, [r0]
        cmp     r5, r0
        ldreq   r1, =name_outer
        ldrne   r1, =name_inner
        mov     r2, r8
        ldr     r0, =msg_lang
        bl      print
        tst     r8, #6                  @ EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND
        bne     lang4_unwind
        ldr     r0, =frame_L
        ldr     r0, [r0]
        cmp     r5, r0
        movne   r0, #1                  @ inner: ExceptionContinueSearch
        bne     lang4_ret
        ldr     r0, =L_target
        str     r0, [r7]                @ DispatcherContext->ControlPc = continuation
        mov     r0, #4                  @ ExceptionExecuteHandler
        b       lang4_ret
lang4_unwind:
        ldr     r0, [r6, #0x40]         @ ContextRecord->Pc
        ldr     r1, =L_target
        cmp     r0, r1
        ldreq   r0, [r6, #4]            @ ContextRecord->R0
        ldreq   r1, =0xE0000044
        cmpeq   r0, r1
        moveq   r0, #1
        movne   r0, #0
        bl      check
        mov     r1, r0
        ldr     r0, =msg_lang_ctx
        bl      print
        mov     r0, #1                  @ ExceptionContinueSearch
lang4_ret:
        ldmia   sp!, {r4-r8, lr}
        bx      lr
lang4_end:
        PDATA   lang4, lang4_pe, lang4_end, 0
        .ltorg

        PDATA_EH lang4, 0
test_lang:
        stmdb   sp!, {r4, lr}
        sub     sp, sp, #8
test_lang_pe:
        add     r0, sp, #16
        ldr     r1, =frame_L
        str     r0, [r1]
        bl      lang_inner
        ldr     r0, =msg_fail_returned
        bl      print
        b       L_out
L_target:                               @ r0 = exception code (the unwind's ReturnValue)
        mov     r1, r0
        ldr     r0, =msg_lang_target
        bl      print
L_out:
        add     sp, sp, #8
        ldmia   sp!, {r4, lr}
        bx      lr
test_lang_end:
        PDATA   test_lang, test_lang_pe, test_lang_end, 1
        .ltorg

        PDATA_EH lang4, 0
lang_inner:
        stmdb   sp!, {r4, lr}
lang_inner_pe:
        ldr     r0, =0xE0000044         @ RaiseException(0xE0000044, 0, 0, NULL)
        mov     r1, #0
        mov     r2, #0
        mov     r3, #0
        ldr     r12, =iat_RaiseException
        mov     lr, pc
        ldr     pc, [r12]
        ldmia   sp!, {r4, lr}
        bx      lr
lang_inner_end:
        PDATA   lang_inner, lang_inner_pe, lang_inner_end, 1
        .ltorg

        .section .rdata, "a"
        .p2align 2
scope_A:     .word 3
             .word A_try_inner, A_try_inner_end, fin_A, 0
             .word A_try_except, A_try_except_end, filter_A, A_except
             .word A_try_outer, A_try_outer_end, fin_A_outer, 0
scope_B:     .word 3
             .word B_try0, B_try0_end, fin_B1, 0
             .word B_try1, B_try1_end, filter_B, B_except
             .word B_try2, B_try2_end, fin_B2, 0
scope_C:     .word 1, C_try, C_try_end, fin_C, 0
scope_thumb: .word 1, TT_try, TT_try_end, 1, TT_except
scope_T:     .word 1, T_try, T_try_end, fin_T, 0
scope_epi:   .word 1, E_try, E_try_end, filter_epi, E_except

str_ok:            .asciz "ok"
str_bad:           .asciz "BAD"
name_A:            .asciz "A"
name_A_outer:      .asciz "A-outer"
name_B:            .asciz "B"
name_B1:           .asciz "B1"
name_B2:           .asciz "B2"
name_C:            .asciz "C"
name_T:            .asciz "T"
msg_case1:         .asciz "case 1: __finally blocks while unwinding to an outer __except\n"
msg_case2:         .asciz "case 2: Thumb-1 frames\n"
msg_case3:         .asciz "case 3: exception inside an epilog\n"
name_inner:        .asciz "inner"
name_outer:        .asciz "outer"
msg_case4:         .asciz "case 4: language handlers written in assembly\n"
msg_lang:          .asciz "handler %s: flags %X\n"
msg_lang_ctx:      .asciz "  context: Pc = continuation, R0 = code: %s\n"
msg_lang_target:   .asciz "continuation reached: r0 = %08X\n"
msg_filter:        .asciz "filter %s: code %08X frame %s\n"
msg_accept:        .asciz "  -> EXCEPTION_EXECUTE_HANDLER\n"
msg_decline:       .asciz "  -> EXCEPTION_CONTINUE_SEARCH\n"
msg_finally:       .asciz "finally %s abnormal=%d frame %s\n"
msg_except_A:      .asciz "except A: code %08X, r4-r6 %s, sp %s\n"
msg_except_thumb:  .asciz "except thumb: code %08X, r4-r11 %s, sp %s\n"
msg_except_epi:    .asciz "except epilog: code %08X, r4-r6 %s, sp %s\n"
msg_epi_nofault:   .asciz "epilog: no fault (VFP present)\n"
msg_fail_returned: .asciz "FAIL the faulting call returned\n"
msg_fail_except_B: .asciz "FAIL __except of B ran\n"
msg_done:          .asciz "seh_unwind: %d failures\n"

        .data
        .p2align 2
fails:    .word 0
frame_A:  .word 0
frame_B:  .word 0
frame_C:  .word 0
frame_T:  .word 0
saved_sp: .word 0
frame_L:  .word 0

        IMPORT_DIRECTORY_BEGIN
        IMPORT_DESCRIPTOR coredll
        IMPORT_DIRECTORY_END
        IMPORT_TABLES_BEGIN coredll, "COREDLL.dll"
        IMPORT_ORDINAL printf, 1102
        IMPORT_ORDINAL RaiseException, 543
        IMPORT_ORDINAL __C_specific_handler, 87
        IMPORT_TABLES_END coredll
