@ seh_nested.s — exceptions raised while another is being dispatched, laid out as MSVC for CE emits
@ it (.pdata for every function, PDATA_EH {__C_specific_handler, scope table}, scope tables innermost
@ first, __finally blocks as termination-handler funclets, filters as funclets called with
@ (EXCEPTION_POINTERS *, EstablisherFrame)). As CE's RtlDispatchException / RtlUnwind do it:
@   1. A fault inside a filter, caught by a __try/__except inside that filter: the nested dispatch
@      ends in the filter, which then returns EXCEPTION_EXECUTE_HANDLER for the first exception.
@   2. A fault inside a filter that nothing in the filter catches: the nested dispatch goes on
@      through the dispatcher's frames into the frames of the first exception, whose filters run
@      again for it with EXCEPTION_NESTED_CALL (0x10) set up to and including the frame whose filter
@      raised it; above that the flag is clear and test2's filter accepts. The unwind then runs the
@      filter's own __finally and the first exception's __finally blocks, innermost first.
@   3. RaiseException in a __finally run by an unwind (collided unwind): the second exception is
@      dispatched through the first one's frames (test3's filter takes it); its unwind calls the
@      raising frame's handler again past the running __finally (only the outer __finally of that
@      frame runs), then goes on to its own target. The first unwind never completes: a3's __except
@      block never runs.
@   4. The same with language handlers written in assembly, which print ExceptionFlags: 2
@      (EXCEPTION_UNWINDING), 0x42 with EXCEPTION_COLLIDED_UNWIND, 0x22 at the target.
@   5. longjmp out of a filter and out of a __finally: CE's longjmp restores registers and SP only,
@      the __finally blocks between are not run; a later exception is dispatched normally.
@ With the command line "u": 6. a fault in a filter that no frame takes ends the run (crash report).
@ Prints one line per event and returns the number of failed checks.
        .include "ce.inc"
        .syntax unified
        .arch armv5te
        .arm

        .set E_UNWIND, 6                @ EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND
        .set E_COLLIDED, 0x40

        .text
        .globl start
        .p2align 2
start:
        stmdb   sp!, {r4, lr}
start_pe:
        ldrh    r0, [r2]                @ lpCmdLine[0]
        cmp     r0, #'u'
        beq     start_unhandled
        ldr     r0, =msg_case1
        bl      print
        bl      test1
        ldr     r0, =msg_case2
        bl      print
        bl      test2
        ldr     r0, =msg_case3
        bl      print
        bl      test3
        ldr     r0, =msg_case4
        bl      print
        bl      test4
        ldr     r0, =msg_case5
        bl      print
        bl      test5
        ldr     r4, =fails
        ldr     r1, [r4]
        ldr     r0, =msg_done
        bl      print
        ldr     r0, [r4]
        ldmia   sp!, {r4, lr}
        bx      lr
start_unhandled:
        ldr     r0, =msg_case6
        bl      print
        bl      test6
        mov     r0, #99
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

@ fail(r0 = message): prints it and counts a failure
fail:
        stmdb   sp!, {r4, lr}
fail_pe:
        ldr     r1, =fails
        ldr     r2, [r1]
        add     r2, r2, #1
        str     r2, [r1]
        bl      print
        ldmia   sp!, {r4, lr}
        bx      lr
fail_end:
        PDATA   fail, fail_pe, fail_end, 0
        .ltorg

@ raise(r0 = code): RaiseException(code, 0, 0, NULL)
raise:
        stmdb   sp!, {r4, lr}
raise_pe:
        mov     r1, #0
        mov     r2, #0
        mov     r3, #0
        ldr     r12, =iat_RaiseException
        mov     lr, pc
        ldr     pc, [r12]
        ldmia   sp!, {r4, lr}
        bx      lr
raise_end:
        PDATA   raise, raise_pe, raise_end, 0
        .ltorg

@ fault(): writes to 0x00000040 (access violation C0000005)
fault:
        stmdb   sp!, {r4, lr}
fault_pe:
        mov     r4, #0x40
        str     r4, [r4]
        ldmia   sp!, {r4, lr}
        bx      lr
fault_end:
        PDATA   fault, fault_pe, fault_end, 0
        .ltorg

@ report_filter(r0 = EXCEPTION_POINTERS *, r1 = name): prints "filter <name>: code <code> flags <flags>",
@ returns the code in r0 and the flags in r1
report_filter:
        stmdb   sp!, {r4-r6, lr}
report_filter_pe:
        ldr     r0, [r0]                @ ->ExceptionRecord
        ldr     r4, [r0]                @ ->ExceptionCode
        ldr     r5, [r0, #4]            @ ->ExceptionFlags
        mov     r2, r4
        mov     r3, r5
        ldr     r0, =msg_filter
        bl      print
        mov     r0, r4
        mov     r1, r5
        ldmia   sp!, {r4-r6, lr}
        bx      lr
report_filter_end:
        PDATA   report_filter, report_filter_pe, report_filter_end, 0
        .ltorg

@ report_finally(r0 = AbnormalTermination, r1 = name): prints "finally <name> abnormal=<n>"
report_finally:
        stmdb   sp!, {r4, lr}
report_finally_pe:
        mov     r2, r0
        ldr     r0, =msg_finally
        bl      print
        ldmia   sp!, {r4, lr}
        bx      lr
report_finally_end:
        PDATA   report_finally, report_finally_pe, report_finally_end, 0
        .ltorg

@ report_except(r0 = code, r1 = name): prints "except <name>: code <code>"
report_except:
        stmdb   sp!, {r4, lr}
report_except_pe:
        mov     r2, r0
        ldr     r0, =msg_except
        bl      print
        ldmia   sp!, {r4, lr}
        bx      lr
report_except_end:
        PDATA   report_except, report_except_pe, report_except_end, 0
        .ltorg

@ The language handler, as an import thunk (what the linker makes of a PDATA_EH reference).
c_specific_handler:
        ldr     r12, =iat___C_specific_handler
        ldr     pc, [r12]
        .ltorg

@ A termination-handler funclet that only reports: FINALLY name
        .macro FINALLY fn, name
\fn:
        stmdb   sp!, {r4, lr}
\fn\()_pe:
        ldr     r1, =\name
        bl      report_finally
        ldmia   sp!, {r4, lr}
        bx      lr
\fn\()_end:
        PDATA   \fn, \fn\()_pe, \fn\()_end, 0
        .ltorg
        .endm

@ A filter funclet that reports and returns a constant: FILTER fn, name, result
        .macro FILTER fn, name, result
\fn:
        stmdb   sp!, {r4, lr}
\fn\()_pe:
        ldr     r1, =\name
        bl      report_filter
        mov     r0, #\result
        ldmia   sp!, {r4, lr}
        bx      lr
\fn\()_end:
        PDATA   \fn, \fn\()_pe, \fn\()_end, 0
        .ltorg
        .endm

@ ==== 1. a fault in a filter, caught inside the filter =============================================
@ void test1(void) { __try { raise(0xE0000001); } __except (filter1(GetExceptionInformation())) { report } }
        PDATA_EH c_specific_handler, scope_t1
test1:
        stmdb   sp!, {r4, lr}
test1_pe:
T1_try:
        ldr     r0, =0xE0000001
        bl      raise
        ldr     r0, =msg_fail_returned
        bl      fail
        b       T1_out
T1_try_end:
T1_except:
        ldr     r1, =name_1
        bl      report_except
T1_out:
        ldmia   sp!, {r4, lr}
        bx      lr
test1_end:
        PDATA   test1, test1_pe, test1_end, 1
        .ltorg

@ LONG filter1(EXCEPTION_POINTERS *p) {
@   report; __try { fault(); } __except (filter1_inner(...)) { report }
@   print p->ExceptionRecord->ExceptionCode; return EXCEPTION_EXECUTE_HANDLER; }
        PDATA_EH c_specific_handler, scope_f1
filter1:
        stmdb   sp!, {r4, r5, r6, lr}
filter1_pe:
        mov     r4, r0                  @ the EXCEPTION_POINTERS (callee-saved: the unwind restores it)
        ldr     r1, =name_1
        bl      report_filter
F1_try:
        bl      fault
        ldr     r0, =msg_fail_returned
        bl      fail
        b       F1_after
F1_try_end:
F1_except:
        ldr     r1, =name_1in
        bl      report_except
F1_after:
        ldr     r0, [r4]
        ldr     r1, [r0]
        ldr     r0, =msg_ptrs
        bl      print
        mov     r0, #1                  @ EXCEPTION_EXECUTE_HANDLER
        ldmia   sp!, {r4, r5, r6, lr}
        bx      lr
filter1_end:
        PDATA   filter1, filter1_pe, filter1_end, 1
        .ltorg

        FILTER  filter1_inner, name_1in, 1

@ ==== 2. a fault in a filter, caught above the frame whose filter raised it ========================
@ void test2(void) { __try { f2(); } __except (filter_G(...)) { report } }       // accepts anything
@ void f2(void)    { __try { mid2(); } __except (filter_F(...)) { FAIL } }
@ void mid2(void)  { __try { __try { leaf2(); } __finally { fin_M } } __except (filter_M(...)) { FAIL } }
@ void leaf2(void) { __try { raise(0xE0000002); } __finally { fin_L } }
@ LONG filter_F(p) { report; if (code == 0xE0000002) __try { fault(); } __finally { fin_FF } return 0; }
        PDATA_EH c_specific_handler, scope_t2
test2:
        stmdb   sp!, {r4, lr}
test2_pe:
T2_try:
        bl      f2
        ldr     r0, =msg_fail_returned
        bl      fail
        b       T2_out
T2_try_end:
T2_except:
        ldr     r1, =name_G
        bl      report_except
T2_out:
        ldmia   sp!, {r4, lr}
        bx      lr
test2_end:
        PDATA   test2, test2_pe, test2_end, 1
        .ltorg

        FILTER  filter_G, name_G, 1

        PDATA_EH c_specific_handler, scope_f2
f2:
        stmdb   sp!, {r4, lr}
f2_pe:
F2_try:
        bl      mid2
F2_try_end:
        b       F2_out
F2_except:
        ldr     r0, =msg_fail_except
        bl      fail
F2_out:
        ldmia   sp!, {r4, lr}
        bx      lr
f2_end:
        PDATA   f2, f2_pe, f2_end, 1
        .ltorg

        PDATA_EH c_specific_handler, scope_ff
filter_F:
        stmdb   sp!, {r4, lr}
filter_F_pe:
        ldr     r1, =name_F
        bl      report_filter
        ldr     r1, =0xE0000002
        cmp     r0, r1
        bne     FF_out
FF_try:
        bl      fault
FF_try_end:
        mov     r0, #0                  @ normal path of the __finally
        bl      fin_FF
FF_out:
        mov     r0, #0                  @ EXCEPTION_CONTINUE_SEARCH
        ldmia   sp!, {r4, lr}
        bx      lr
filter_F_end:
        PDATA   filter_F, filter_F_pe, filter_F_end, 1
        .ltorg

        FINALLY fin_FF, name_FF

        PDATA_EH c_specific_handler, scope_m2
mid2:
        stmdb   sp!, {r4, lr}
mid2_pe:
M2_try_except:
M2_try_finally:
        bl      leaf2
M2_try_finally_end:
        mov     r0, #0
        bl      fin_M
M2_try_except_end:
        b       M2_out
M2_except:
        ldr     r0, =msg_fail_except
        bl      fail
M2_out:
        ldmia   sp!, {r4, lr}
        bx      lr
mid2_end:
        PDATA   mid2, mid2_pe, mid2_end, 1
        .ltorg

        FILTER  filter_M, name_M, 0
        FINALLY fin_M, name_M

        PDATA_EH c_specific_handler, scope_l2
leaf2:
        stmdb   sp!, {r4, lr}
leaf2_pe:
L2_try:
        ldr     r0, =0xE0000002
        bl      raise
L2_try_end:
        mov     r0, #0
        bl      fin_L
        ldmia   sp!, {r4, lr}
        bx      lr
leaf2_end:
        PDATA   leaf2, leaf2_pe, leaf2_end, 1
        .ltorg

        FINALLY fin_L, name_L

@ ==== 3. RaiseException in a __finally during the unwind (collided unwind) =========================
@ void test3(void) { __try { a3(); } __except (filter_T(...)) { report } }       // accepts anything
@ void a3(void) { __try { __try { b3(); } __except (filter_A(...)) { report (never) } } __finally { fin_A } }
@ void b3(void) { __try { __try { c3(); } __finally { fin_B1: report; raise(0xE0000004) } } __finally { fin_B2 } }
@ void c3(void) { __try { raise(0xE0000003); } __finally { fin_C } }
@ LONG filter_A(p) { report; return code == 0xE0000003; }
        PDATA_EH c_specific_handler, scope_t3
test3:
        stmdb   sp!, {r4, lr}
test3_pe:
T3_try:
        bl      a3
        ldr     r0, =msg_fail_returned
        bl      fail
        b       T3_out
T3_try_end:
T3_except:
        ldr     r1, =name_T
        bl      report_except
T3_out:
        ldmia   sp!, {r4, lr}
        bx      lr
test3_end:
        PDATA   test3, test3_pe, test3_end, 1
        .ltorg

        FILTER  filter_T, name_T, 1

        PDATA_EH c_specific_handler, scope_a3
a3:
        stmdb   sp!, {r4, lr}
a3_pe:
A3_try_finally:
A3_try_except:
        bl      b3
A3_try_except_end:
        b       A3_after
A3_except:
        ldr     r1, =name_A
        bl      report_except
A3_after:
A3_try_finally_end:
        mov     r0, #0
        bl      fin_A
        ldmia   sp!, {r4, lr}
        bx      lr
a3_end:
        PDATA   a3, a3_pe, a3_end, 1
        .ltorg

filter_A:
        stmdb   sp!, {r4, lr}
filter_A_pe:
        ldr     r1, =name_A
        bl      report_filter
        ldr     r1, =0xE0000003
        cmp     r0, r1
        moveq   r0, #1
        movne   r0, #0
        ldmia   sp!, {r4, lr}
        bx      lr
filter_A_end:
        PDATA   filter_A, filter_A_pe, filter_A_end, 0
        .ltorg

        FINALLY fin_A, name_A

        PDATA_EH c_specific_handler, scope_b3
b3:
        stmdb   sp!, {r4, lr}
b3_pe:
B3_try2:
B3_try1:
        bl      c3
B3_try1_end:
        mov     r0, #0                  @ normal path of the inner __finally (inside the outer __try)
        bl      fin_B1
B3_try2_end:
        mov     r0, #0
        bl      fin_B2
        ldmia   sp!, {r4, lr}
        bx      lr
b3_end:
        PDATA   b3, b3_pe, b3_end, 1
        .ltorg

fin_B1:
        stmdb   sp!, {r4, lr}
fin_B1_pe:
        ldr     r1, =name_B1
        bl      report_finally
        ldr     r0, =0xE0000004
        bl      raise
        ldr     r0, =msg_fail_returned
        bl      fail
        ldmia   sp!, {r4, lr}
        bx      lr
fin_B1_end:
        PDATA   fin_B1, fin_B1_pe, fin_B1_end, 0
        .ltorg

        FINALLY fin_B2, name_B2

        PDATA_EH c_specific_handler, scope_c3
c3:
        stmdb   sp!, {r4, lr}
c3_pe:
C3_try:
        ldr     r0, =0xE0000003
        bl      raise
C3_try_end:
        mov     r0, #0
        bl      fin_C
        ldmia   sp!, {r4, lr}
        bx      lr
c3_end:
        PDATA   c3, c3_pe, c3_end, 1
        .ltorg

        FINALLY fin_C, name_C

@ ==== 4. language handlers in assembly: the flags of a collided unwind =============================
@ EXCEPTION_DISPOSITION lang4(EXCEPTION_RECORD *rec, DWORD frame, CONTEXT *ctx, DISPATCHER_CONTEXT *dc):
@ prints "handler <top|mid>: code <code> flags <flags>". Dispatch: top accepts (ControlPc =
@ L4_target, ExceptionExecuteHandler), mid declines. Unwind: mid raises 0xE0000006 while unwinding
@ 0xE0000005 (unless EXCEPTION_COLLIDED_UNWIND is set); then ExceptionContinueSearch.
lang4:
        stmdb   sp!, {r4-r8, lr}
lang4_pe:
        mov     r4, r0
        mov     r5, r1
        mov     r7, r3
        ldr     r6, [r4]                @ ExceptionCode
        ldr     r8, [r4, #4]            @ ExceptionFlags
        ldr     r0, =frame_top
        ldr     r0, [r0]
        cmp     r5, r0
        ldreq   r1, =name_top
        ldrne   r1, =name_mid
        mov     r2, r6
        mov     r3, r8
        ldr     r0, =msg_lang
        bl      print
        ldr     r0, =frame_top
        ldr     r0, [r0]                @ r0 = the top frame (compared below)
        tst     r8, #E_UNWIND
        bne     lang4_unwind
        cmp     r5, r0
        movne   r0, #1                  @ mid: ExceptionContinueSearch
        bne     lang4_ret
        ldr     r0, =L4_target
        str     r0, [r7]                @ DispatcherContext->ControlPc = continuation
        mov     r0, #4                  @ ExceptionExecuteHandler
        b       lang4_ret
lang4_unwind:
        cmp     r5, r0
        beq     lang4_search
        tst     r8, #E_COLLIDED
        bne     lang4_search
        ldr     r0, =0xE0000005
        cmp     r6, r0
        bne     lang4_search
        ldr     r0, =0xE0000006         @ a termination handler that raises
        bl      raise
        ldr     r0, =msg_fail_returned
        bl      fail
lang4_search:
        mov     r0, #1                  @ ExceptionContinueSearch
lang4_ret:
        ldmia   sp!, {r4-r8, lr}
        bx      lr
lang4_end:
        PDATA   lang4, lang4_pe, lang4_end, 0
        .ltorg

        PDATA_EH lang4, 0
test4:
        stmdb   sp!, {r4, lr}
        sub     sp, sp, #8
test4_pe:
        add     r0, sp, #16
        ldr     r1, =frame_top
        str     r0, [r1]
        bl      mid4
        ldr     r0, =msg_fail_returned
        bl      fail
        b       L4_out
L4_target:                              @ r0 = exception code (the unwind's ReturnValue)
        mov     r1, r0
        ldr     r0, =msg_lang_target
        bl      print
L4_out:
        add     sp, sp, #8
        ldmia   sp!, {r4, lr}
        bx      lr
test4_end:
        PDATA   test4, test4_pe, test4_end, 1
        .ltorg

        PDATA_EH lang4, 0
mid4:
        stmdb   sp!, {r4, lr}
mid4_pe:
        ldr     r0, =0xE0000005
        bl      raise
        ldmia   sp!, {r4, lr}
        bx      lr
mid4_end:
        PDATA   mid4, mid4_pe, mid4_end, 1
        .ltorg

@ ==== 5. longjmp out of a filter and out of a __finally ============================================
@ void test5(void) {
@   if (!setjmp(jb)) { lj_mid(); FAIL } else print "longjmp out of a filter: setjmp returned %d"
@   if (!setjmp(jb)) { lj2_top(); FAIL } else print "longjmp out of a __finally: setjmp returned %d"
@   __try { raise(0xE000000A); } __except (1) { report }
@ }
@ void lj_mid(void)  { __try { lj_leaf(); } __finally { fin_LJ_mid (not run by longjmp) } }
@ void lj_leaf(void) { __try { raise(0xE0000007); } __except (filter_LJ(...)) { FAIL } }
@ LONG filter_LJ(p)  { report; longjmp(jb, 1); }
@ void lj2_top(void) { __try { lj2(); } __except (1) { FAIL } }
@ void lj2(void) { __try { __try { raise(0xE0000008); } __finally { fin_LJ2: report; longjmp(jb, 2) } }
@                  __finally { fin_LJ2_outer (not run by longjmp) } }
        .macro SETJMP
        ldr     r0, =jb
        ldr     r12, =iat_setjmp
        mov     lr, pc
        ldr     pc, [r12]
        .endm
        .macro LONGJMP value
        ldr     r0, =jb
        mov     r1, #\value
        ldr     r12, =iat_longjmp
        mov     lr, pc
        ldr     pc, [r12]
        .endm

        PDATA_EH c_specific_handler, scope_t5
test5:
        stmdb   sp!, {r4, lr}
test5_pe:
        SETJMP
        cmp     r0, #0
        bne     T5_back1
        bl      lj_mid
        ldr     r0, =msg_fail_returned
        bl      fail
        b       T5_second
T5_back1:
        mov     r1, r0
        ldr     r0, =msg_lj_filter
        bl      print
T5_second:
        SETJMP
        cmp     r0, #0
        bne     T5_back2
        bl      lj2_top
        ldr     r0, =msg_fail_returned
        bl      fail
        b       T5_third
T5_back2:
        mov     r1, r0
        ldr     r0, =msg_lj_finally
        bl      print
T5_third:
T5_try:
        ldr     r0, =0xE000000A
        bl      raise
        ldr     r0, =msg_fail_returned
        bl      fail
        b       T5_out
T5_try_end:
T5_except:
        ldr     r1, =name_after
        bl      report_except
T5_out:
        ldmia   sp!, {r4, lr}
        bx      lr
test5_end:
        PDATA   test5, test5_pe, test5_end, 1
        .ltorg

        PDATA_EH c_specific_handler, scope_ljm
lj_mid:
        stmdb   sp!, {r4, lr}
lj_mid_pe:
LJM_try:
        bl      lj_leaf
LJM_try_end:
        mov     r0, #0
        bl      fin_LJ_mid
        ldmia   sp!, {r4, lr}
        bx      lr
lj_mid_end:
        PDATA   lj_mid, lj_mid_pe, lj_mid_end, 1
        .ltorg

        FINALLY fin_LJ_mid, name_LJ_mid

        PDATA_EH c_specific_handler, scope_ljl
lj_leaf:
        stmdb   sp!, {r4, lr}
lj_leaf_pe:
LJL_try:
        ldr     r0, =0xE0000007
        bl      raise
LJL_try_end:
        ldmia   sp!, {r4, lr}
        bx      lr
LJL_except:
        ldr     r0, =msg_fail_except
        bl      fail
        ldmia   sp!, {r4, lr}
        bx      lr
lj_leaf_end:
        PDATA   lj_leaf, lj_leaf_pe, lj_leaf_end, 1
        .ltorg

filter_LJ:
        stmdb   sp!, {r4, lr}
filter_LJ_pe:
        ldr     r1, =name_LJ
        bl      report_filter
        LONGJMP 1
        ldr     r0, =msg_fail_returned
        bl      fail
        mov     r0, #0
        ldmia   sp!, {r4, lr}
        bx      lr
filter_LJ_end:
        PDATA   filter_LJ, filter_LJ_pe, filter_LJ_end, 0
        .ltorg

        PDATA_EH c_specific_handler, scope_lj2t
lj2_top:
        stmdb   sp!, {r4, lr}
lj2_top_pe:
LJ2T_try:
        bl      lj2
LJ2T_try_end:
        ldmia   sp!, {r4, lr}
        bx      lr
LJ2T_except:
        ldr     r0, =msg_fail_except
        bl      fail
        ldmia   sp!, {r4, lr}
        bx      lr
lj2_top_end:
        PDATA   lj2_top, lj2_top_pe, lj2_top_end, 1
        .ltorg

        PDATA_EH c_specific_handler, scope_lj2
lj2:
        stmdb   sp!, {r4, lr}
lj2_pe:
LJ2_try2:
LJ2_try1:
        ldr     r0, =0xE0000008
        bl      raise
LJ2_try1_end:
        mov     r0, #0
        bl      fin_LJ2
LJ2_try2_end:
        mov     r0, #0
        bl      fin_LJ2_outer
        ldmia   sp!, {r4, lr}
        bx      lr
lj2_end:
        PDATA   lj2, lj2_pe, lj2_end, 1
        .ltorg

fin_LJ2:
        stmdb   sp!, {r4, lr}
fin_LJ2_pe:
        ldr     r1, =name_LJ2
        bl      report_finally
        LONGJMP 2
        ldr     r0, =msg_fail_returned
        bl      fail
        ldmia   sp!, {r4, lr}
        bx      lr
fin_LJ2_end:
        PDATA   fin_LJ2, fin_LJ2_pe, fin_LJ2_end, 0
        .ltorg

        FINALLY fin_LJ2_outer, name_LJ2_outer

@ ==== 6. a fault in a filter that nothing takes ====================================================
@ void test6(void) { __try { raise(0xE000000B); } __except (filter6(...)) { FAIL } }
@ LONG filter6(p) { report; if (code == 0xE000000B) fault(); return 0; }
        PDATA_EH c_specific_handler, scope_t6
test6:
        stmdb   sp!, {r4, lr}
test6_pe:
T6_try:
        ldr     r0, =0xE000000B
        bl      raise
T6_try_end:
        ldmia   sp!, {r4, lr}
        bx      lr
T6_except:
        ldr     r0, =msg_fail_except
        bl      fail
        ldmia   sp!, {r4, lr}
        bx      lr
test6_end:
        PDATA   test6, test6_pe, test6_end, 1
        .ltorg

filter6:
        stmdb   sp!, {r4, lr}
filter6_pe:
        ldr     r1, =name_6
        bl      report_filter
        ldr     r1, =0xE000000B
        cmp     r0, r1
        bleq    fault
        mov     r0, #0
        ldmia   sp!, {r4, lr}
        bx      lr
filter6_end:
        PDATA   filter6, filter6_pe, filter6_end, 0
        .ltorg

        .section .rdata, "a"
        .p2align 2
scope_t1:   .word 1, T1_try, T1_try_end, filter1, T1_except
scope_f1:   .word 1, F1_try, F1_try_end, filter1_inner, F1_except
scope_t2:   .word 1, T2_try, T2_try_end, filter_G, T2_except
scope_f2:   .word 1, F2_try, F2_try_end, filter_F, F2_except
scope_ff:   .word 1, FF_try, FF_try_end, fin_FF, 0
scope_m2:   .word 2
            .word M2_try_finally, M2_try_finally_end, fin_M, 0
            .word M2_try_except, M2_try_except_end, filter_M, M2_except
scope_l2:   .word 1, L2_try, L2_try_end, fin_L, 0
scope_t3:   .word 1, T3_try, T3_try_end, filter_T, T3_except
scope_a3:   .word 2
            .word A3_try_except, A3_try_except_end, filter_A, A3_except
            .word A3_try_finally, A3_try_finally_end, fin_A, 0
scope_b3:   .word 2
            .word B3_try1, B3_try1_end, fin_B1, 0
            .word B3_try2, B3_try2_end, fin_B2, 0
scope_c3:   .word 1, C3_try, C3_try_end, fin_C, 0
scope_t5:   .word 1, T5_try, T5_try_end, 1, T5_except
scope_ljm:  .word 1, LJM_try, LJM_try_end, fin_LJ_mid, 0
scope_ljl:  .word 1, LJL_try, LJL_try_end, filter_LJ, LJL_except
scope_lj2t: .word 1, LJ2T_try, LJ2T_try_end, 1, LJ2T_except
scope_lj2:  .word 2
            .word LJ2_try1, LJ2_try1_end, fin_LJ2, 0
            .word LJ2_try2, LJ2_try2_end, fin_LJ2_outer, 0
scope_t6:   .word 1, T6_try, T6_try_end, filter6, T6_except

name_1:         .asciz "1"
name_1in:       .asciz "1-inner"
name_G:         .asciz "G"
name_F:         .asciz "F"
name_FF:        .asciz "F-filter"
name_M:         .asciz "M"
name_L:         .asciz "L"
name_T:         .asciz "T"
name_A:         .asciz "A"
name_B1:        .asciz "B1"
name_B2:        .asciz "B2"
name_C:         .asciz "C"
name_top:       .asciz "top"
name_mid:       .asciz "mid"
name_LJ:        .asciz "LJ"
name_LJ_mid:    .asciz "LJ-mid"
name_LJ2:       .asciz "LJ2"
name_LJ2_outer: .asciz "LJ2-outer"
name_after:     .asciz "after longjmp"
name_6:         .asciz "6"
msg_case1:      .asciz "case 1: a fault in a filter, caught inside the filter\n"
msg_case2:      .asciz "case 2: a fault in a filter, caught above the frame whose filter raised it\n"
msg_case3:      .asciz "case 3: RaiseException in a __finally run by an unwind (collided unwind)\n"
msg_case4:      .asciz "case 4: language handlers see the flags of a collided unwind\n"
msg_case5:      .asciz "case 5: longjmp out of a filter and out of a __finally\n"
msg_case6:      .asciz "case 6: a fault in a filter that nothing takes\n"
msg_filter:     .asciz "filter %s: code %08X flags %X\n"
msg_finally:    .asciz "finally %s abnormal=%d\n"
msg_except:     .asciz "except %s: code %08X\n"
msg_ptrs:       .asciz "filter 1: its EXCEPTION_POINTERS still give %08X\n"
msg_lang:       .asciz "handler %s: code %08X flags %X\n"
msg_lang_target: .asciz "continuation reached: r0 = %08X\n"
msg_lj_filter:  .asciz "longjmp out of a filter: setjmp returned %d\n"
msg_lj_finally: .asciz "longjmp out of a __finally: setjmp returned %d\n"
msg_fail_returned: .asciz "FAIL the raising call returned\n"
msg_fail_except: .asciz "FAIL a wrong __except block ran\n"
msg_done:       .asciz "seh_nested: %d failures\n"

        .data
        .p2align 2
fails:     .word 0
frame_top: .word 0
jb:        .space 44

        IMPORT_DIRECTORY_BEGIN
        IMPORT_DESCRIPTOR coredll
        IMPORT_DIRECTORY_END
        IMPORT_TABLES_BEGIN coredll, "COREDLL.dll"
        IMPORT_ORDINAL printf, 1102
        IMPORT_ORDINAL RaiseException, 543
        IMPORT_ORDINAL __C_specific_handler, 87
        IMPORT_ORDINAL setjmp, 2054
        IMPORT_ORDINAL longjmp, 1036
        IMPORT_TABLES_END coredll
