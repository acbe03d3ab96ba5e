@ seh_basic.s — structured exception handling in ARM-mode CE code, the way MSVC for CE lays it out:
@ .pdata entries (IMAGE_CE_RUNTIME_FUNCTION_ENTRY), PDATA_EH {__C_specific_handler, scope table} in
@ front of each function with a __try, scope tables {Begin, End, Filter, JumpTarget}; filters are
@ called with (EXCEPTION_POINTERS *, EstablisherFrame) and read GetExceptionCode() as
@ pointers->ExceptionRecord->ExceptionCode; the __except body gets the exception code in r0.
@   1. access violation in a __try, filter checks the code and returns EXECUTE_HANDLER; r4 survives
@   2. inner filter returns CONTINUE_SEARCH, the caller's __except(1) catches it
@   3. RaiseException(0xE0001234, 0, 1, {77}) caught by a filter checking code and parameter
@   4. __rt_sdiv by zero (EXCEPTION_INT_DIVIDE_BY_ZERO) caught
@   5. filter repairs the CONTEXT (r5 = valid pointer) and returns CONTINUE_EXECUTION: the faulting
@      load runs again and succeeds
@   6. udf (EXCEPTION_ILLEGAL_INSTRUCTION) caught
@ Prints "ok N ..." / "FAIL N ..." and returns the number of failures (0).
        .include "ce.inc"
        .syntax unified
        .arch armv5te
        .arm

        .macro PRINT fmt, a1=r1
        .ifnc \a1, r1
        mov     r1, \a1
        .endif
        ldr     r0, =\fmt
        bl      print
        .endm

        .text
        .globl start
        .p2align 2
start:
        stmdb   sp!, {r4-r6, lr}
start_pe:
        mov     r6, #0                  @ failures
        bl      test_av
        add     r6, r6, r0
        bl      test_nested
        add     r6, r6, r0
        bl      test_raise
        add     r6, r6, r0
        bl      test_div
        add     r6, r6, r0
        bl      test_continue
        add     r6, r6, r0
        bl      test_udf
        add     r6, r6, r0
        PRINT   msg_done, r6
        mov     r0, r6
        ldmia   sp!, {r4-r6, lr}
        bx      lr
start_end:
        PDATA   start, start_pe, start_end, 0
        .ltorg

@ print(fmt, a1, a2): printf through the IAT
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

@ The language handler, as an import thunk (what the linker makes of a PDATA_EH reference).
c_specific_handler:
        ldr     r12, =iat___C_specific_handler
        ldr     pc, [r12]
        .ltorg

@ ---- 1. access violation, filter checks GetExceptionCode() -------------------------------------
        PDATA_EH c_specific_handler, scope_av
test_av:
        stmdb   sp!, {r4, r5, lr}
test_av_pe:
        ldr     r4, =0x4444
        mov     r5, #0
av_try:
        str     r4, [r5, #0x20]         @ write to 0x00000020: access violation
        mov     r4, #0
        PRINT   msg_fail_av
        mov     r0, #1
        b       av_out
av_try_end:
av_except:                              @ r0 = exception code
        mov     r5, r0
        ldr     r1, =0x4444
        cmp     r4, r1                  @ non-volatile register of the frame restored
        bne     av_bad
        PRINT   msg_av, r5
        mov     r0, #0
        b       av_out
av_bad:
        PRINT   msg_fail_r4, r4
        mov     r0, #1
av_out:
        ldmia   sp!, {r4, r5, lr}
        bx      lr
test_av_end:
        PDATA   test_av, test_av_pe, test_av_end, 1
        .ltorg

filter_av:                              @ r0 = EXCEPTION_POINTERS *, r1 = EstablisherFrame
        ldr     r0, [r0]                @ ->ExceptionRecord
        ldr     r2, [r0]                @ ->ExceptionCode  (GetExceptionCode())
        ldr     r3, =0xC0000005
        mov     r0, #0                  @ EXCEPTION_CONTINUE_SEARCH
        cmp     r2, r3
        moveq   r0, #1                  @ EXCEPTION_EXECUTE_HANDLER
        bx      lr
        .ltorg

@ ---- 2. inner filter CONTINUE_SEARCH, outer __except(1) ----------------------------------------
        PDATA_EH c_specific_handler, scope_outer
test_nested:
        stmdb   sp!, {r4, r5, r6, lr}
        sub     sp, sp, #8
test_nested_pe:
        ldr     r6, =0x6666
outer_try:
        bl      inner
        PRINT   msg_fail_nested
        mov     r0, #1
        b       outer_out
outer_try_end:
outer_except:
        mov     r5, r0
        ldr     r1, =0x6666
        cmp     r6, r1
        bne     outer_bad
        ldr     r2, =inner_filter_calls
        ldr     r2, [r2]
        mov     r1, r5
        ldr     r0, =msg_nested
        bl      print
        mov     r0, #0
        b       outer_out
outer_bad:
        PRINT   msg_fail_r6, r6
        mov     r0, #1
outer_out:
        add     sp, sp, #8
        ldmia   sp!, {r4, r5, r6, lr}
        bx      lr
test_nested_end:
        PDATA   test_nested, test_nested_pe, test_nested_end, 1
        .ltorg

        PDATA_EH c_specific_handler, scope_inner
inner:
        stmdb   sp!, {r4-r6, lr}
inner_pe:
        mov     r6, #0                  @ clobbers the caller's r6: unwinding must restore it
        mov     r5, #0x30
inner_try:
        ldr     r0, [r5]                @ read of 0x00000030: access violation
inner_try_end:
        ldmia   sp!, {r4-r6, lr}
        bx      lr
inner_except:
        PRINT   msg_fail_inner
        mov     r0, #1
        ldmia   sp!, {r4-r6, lr}
        bx      lr
inner_end:
        PDATA   inner, inner_pe, inner_end, 1
        .ltorg

filter_search:                          @ counts its calls, returns EXCEPTION_CONTINUE_SEARCH
        ldr     r2, =inner_filter_calls
        ldr     r3, [r2]
        add     r3, r3, #1
        str     r3, [r2]
        mov     r0, #0
        bx      lr
        .ltorg

@ ---- 3. RaiseException with a custom code ------------------------------------------------------
        PDATA_EH c_specific_handler, scope_raise
test_raise:
        stmdb   sp!, {r4, lr}
        sub     sp, sp, #8
test_raise_pe:
        mov     r0, #77
        str     r0, [sp]
raise_try:
        ldr     r0, =0xE0001234         @ dwExceptionCode
        mov     r1, #0                  @ dwExceptionFlags
        mov     r2, #1                  @ nNumberOfArguments
        mov     r3, sp                  @ lpArguments = {77}
        ldr     r12, =iat_RaiseException
        mov     lr, pc
        ldr     pc, [r12]
raise_try_end:
        PRINT   msg_fail_raise
        mov     r0, #1
        b       raise_out
raise_except:
        PRINT   msg_raise, r0
        mov     r0, #0
raise_out:
        add     sp, sp, #8
        ldmia   sp!, {r4, lr}
        bx      lr
test_raise_end:
        PDATA   test_raise, test_raise_pe, test_raise_end, 1
        .ltorg

filter_raise:                           @ code == 0xE0001234 && ExceptionInformation[0] == 77
        ldr     r0, [r0]
        ldr     r2, [r0]
        ldr     r3, =0xE0001234
        cmp     r2, r3
        ldreq   r2, [r0, #0x10]         @ NumberParameters
        cmpeq   r2, #1
        ldreq   r2, [r0, #0x14]         @ ExceptionInformation[0]
        cmpeq   r2, #77
        moveq   r0, #1
        movne   r0, #0
        bx      lr
        .ltorg

@ ---- 4. integer divide by zero in __rt_sdiv ----------------------------------------------------
        PDATA_EH c_specific_handler, scope_div
test_div:
        stmdb   sp!, {r4, lr}
test_div_pe:
div_try:
        mov     r0, #0                  @ divisor
        mov     r1, #100                @ dividend
        ldr     r12, =iat___rt_sdiv
        mov     lr, pc
        ldr     pc, [r12]
        PRINT   msg_fail_div
        mov     r0, #1
        b       div_out
div_try_end:
div_except:
        PRINT   msg_div, r0
        mov     r0, #0
div_out:
        ldmia   sp!, {r4, lr}
        bx      lr
test_div_end:
        PDATA   test_div, test_div_pe, test_div_end, 1
        .ltorg

filter_div:
        ldr     r0, [r0]
        ldr     r2, [r0]
        ldr     r3, =0xC0000094
        cmp     r2, r3
        moveq   r0, #1
        movne   r0, #0
        bx      lr
        .ltorg

@ ---- 5. CONTINUE_EXECUTION after repairing the context ------------------------------------------
        PDATA_EH c_specific_handler, scope_cont
test_continue:
        stmdb   sp!, {r4, r5, lr}
test_continue_pe:
        mov     r5, #0x40
cont_try:
        ldr     r4, [r5]                @ faults once; the filter points r5 at `repaired`
        PRINT   msg_cont, r4
        mov     r0, #0
        ldr     r1, =0x600D
        cmp     r4, r1
        movne   r0, #1
        b       cont_out
cont_try_end:
cont_except:
        PRINT   msg_fail_cont
        mov     r0, #1
cont_out:
        ldmia   sp!, {r4, r5, lr}
        bx      lr
test_continue_end:
        PDATA   test_continue, test_continue_pe, test_continue_end, 1
        .ltorg

filter_repair:                          @ ContextRecord->R5 = &repaired; EXCEPTION_CONTINUE_EXECUTION
        ldr     r2, [r0, #4]            @ ->ContextRecord
        ldr     r3, =repaired
        str     r3, [r2, #0x18]         @ CONTEXT.R5 (ContextFlags, R0..R12, Sp, Lr, Pc, Psr)
        mvn     r0, #0                  @ -1
        bx      lr
        .ltorg

@ ---- 6. undefined instruction -------------------------------------------------------------------
        PDATA_EH c_specific_handler, scope_udf
test_udf:
        stmdb   sp!, {r4, lr}
test_udf_pe:
udf_try:
        udf     #0
        PRINT   msg_fail_udf
        mov     r0, #1
        b       udf_out
udf_try_end:
udf_except:
        PRINT   msg_udf, r0
        mov     r0, #0
udf_out:
        ldmia   sp!, {r4, lr}
        bx      lr
test_udf_end:
        PDATA   test_udf, test_udf_pe, test_udf_end, 1
        .ltorg

        .section .rdata, "a"
        .p2align 2
scope_av:    .word 1, av_try, av_try_end, filter_av, av_except
scope_outer: .word 1, outer_try, outer_try_end, 1, outer_except          @ __except(EXCEPTION_EXECUTE_HANDLER)
scope_inner: .word 1, inner_try, inner_try_end, filter_search, inner_except
scope_raise: .word 1, raise_try, raise_try_end, filter_raise, raise_except
scope_div:   .word 1, div_try, div_try_end, filter_div, div_except
scope_cont:  .word 1, cont_try, cont_try_end, filter_repair, cont_except
scope_udf:   .word 1, udf_try, udf_try_end, 1, udf_except
repaired:    .word 0x600D

msg_av:          .asciz "ok 1 access violation caught in __except, code %08X, r4 restored\n"
msg_fail_av:     .asciz "FAIL 1 still running after the bad store\n"
msg_fail_r4:     .asciz "FAIL 1 r4 = %08X in the __except block\n"
msg_nested:      .asciz "ok 2 outer __except caught %08X after the inner filter declined (%d call)\n"
msg_fail_nested: .asciz "FAIL 2 inner returned\n"
msg_fail_inner:  .asciz "FAIL 2 inner __except ran\n"
msg_fail_r6:     .asciz "FAIL 2 r6 = %08X in the outer __except block\n"
msg_raise:       .asciz "ok 3 RaiseException %08X caught by its filter\n"
msg_fail_raise:  .asciz "FAIL 3 RaiseException returned\n"
msg_div:         .asciz "ok 4 divide by zero caught, code %08X\n"
msg_fail_div:    .asciz "FAIL 4 __rt_sdiv by zero returned\n"
msg_cont:        .asciz "ok 5 CONTINUE_EXECUTION re-ran the load: %04X\n"
msg_fail_cont:   .asciz "FAIL 5 __except ran\n"
msg_udf:         .asciz "ok 6 undefined instruction caught, code %08X\n"
msg_fail_udf:    .asciz "FAIL 6 udf did not fault\n"
msg_done:        .asciz "seh_basic: %d failures\n"

        .data
        .p2align 2
inner_filter_calls: .word 0

        IMPORT_DIRECTORY_BEGIN
        IMPORT_DESCRIPTOR coredll
        IMPORT_DIRECTORY_END
        IMPORT_TABLES_BEGIN coredll, "COREDLL.dll"
        IMPORT_ORDINAL printf, 1102
        IMPORT_ORDINAL RaiseException, 543
        IMPORT_ORDINAL __C_specific_handler, 87
        IMPORT_ORDINAL __rt_sdiv, 2005
        IMPORT_TABLES_END coredll
