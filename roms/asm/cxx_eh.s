@ cxx_eh.s — C++ exceptions as MSVC for ARM CE lays them out, with hand-built tables (clang-19 emits
@ no MSVC C++ EH for ARM CE): .pdata with PDATA_EH {__CxxFrameHandler (coredll), FuncInfo} in front
@ of each function with a try block or an object to destroy, throws through coredll's
@ __CxxThrowException(pObject, pThrowInfo). The layouts (ehdata.h, 32-bit non-x86; FuncInfo magic
@ 0x19930522 with EHFlags and ARM CE's two realignment words, 20-byte HandlerType with
@ frameNestLevel) are those of the corpus's CE 6 programs (emulatorstub.exe's FuncInfo records);
@ funclets (catch blocks, unwind actions) find their parent's frame in r11 (the establisher frame:
@ the SP at the parent's entry) and a catch block returns its continuation address in r0.
@   1. throw int 42 from thrower1 through mid1 (an object whose destructor runs during the unwind),
@      caught in t1 by catch(int) after a catch(char *) that does not match.
@   2. throw Derived (8 bytes, Base at offset 4) caught by catch(Base &): the reference points at the
@      Base part (thisDisplacement 4); the type descriptors differ, the names match; ~Derived runs once,
@      after the catch block.
@   3. throw (const char *): catch(char *) is skipped (a const throw needs a const catch), catch(const
@      char *) receives the pointer.
@   4. rethrow: t4in's catch(...) does `throw;`; t4in's object D is destroyed (collided unwind), t4's
@      catch(E) gets the same object, ~E runs once, after the outer catch.
@   5. a try/catch inside a catch block: t5's catch(int) calls t5in, whose own throw is caught by its
@      own catch(int) (frames below the running catch block are searched, the first exception's
@      unwound frames are not); then t5's catch block ends normally.
@   6. /EHa code (EHFlags bit 0 clear): catch(...) also takes an SEH exception (an access violation).
@   7. across a DLL boundary (roms/asm/cxxdll.s): an int thrown in cxxdll.dll through a DLL frame with a
@      destructor is caught here; an int thrown here through cxxdll's dll_catch is caught there.
@ With the argument "s": the same code compiled /EHs (EHFlags bit 0 set): the access violation is no
@ C++ exception, catch(...) does not take it and the run ends as a crash.
@ With the argument "u": thrower1 called with no handler: an uncaught C++ exception (crash verdict).
        .include "ce.inc"
        .syntax unified
        .arch armv5te
        .arm

        .set DISP, -20                  @ catch object slot: push {r4, r11, lr} then sub sp, #8

        .macro FUNCINFO maxstate, unwindmap, ntry, trymap, nip, ipmap, ehflags=1
        .word 0x19930522, \maxstate, \unwindmap, \ntry, \trymap, \nip, \ipmap, 0, \ehflags, 4, 0
        .endm

        .text
        .globl start
        .p2align 2
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

start:
        stmdb   sp!, {r4, lr}
start_pe:
        ldrh    r0, [r2]                @ lpCmdLine[0]
        cmp     r0, #'u'
        beq     start_uncaught
        cmp     r0, #'s'
        beq     start_ehs
        bl      t1
        bl      t2
        bl      t3
        bl      t4
        bl      t5
        bl      t6
        bl      t7
        ldr     r0, =msg_done
        bl      print
        mov     r0, #0
        ldmia   sp!, {r4, lr}
        bx      lr
start_ehs:
        bl      t6s
        mov     r0, #98
        ldmia   sp!, {r4, lr}
        bx      lr
start_uncaught:
        bl      thrower1
        mov     r0, #99
        ldmia   sp!, {r4, lr}
        bx      lr
start_end:
        PDATA   start, start_pe, start_end, 0
        .ltorg

@ ==== 1. int through a frame with a destructor ===================================================
        PDATA_EH cxx_handler, fi_t1
t1:     stmdb   sp!, {r4, r11, lr}
        sub     sp, sp, #8
t1_pe:
t1_try:
        bl      mid1                    @ state 0
t1_tryend:
        ldr     r0, =msg_notcaught      @ state -1
        bl      print
t1_cont:
        add     sp, sp, #8
        ldmia   sp!, {r4, r11, lr}
        bx      lr
t1_end:
        PDATA   t1, t1_pe, t1_end, 1
        .ltorg

t1_catch_pchar:
        stmdb   sp!, {r4, lr}
        ldr     r0, =msg_wrong
        bl      print
        ldr     r0, =t1_cont
        ldmia   sp!, {r4, lr}
        bx      lr
t1_catch_int:
        stmdb   sp!, {r4, lr}
        ldr     r1, [r11, #DISP]
        ldr     r0, =msg_c1
        bl      print
        ldr     r0, =t1_cont
        ldmia   sp!, {r4, lr}
        bx      lr
        .ltorg

        PDATA_EH cxx_handler, fi_mid1
mid1:   stmdb   sp!, {r4, r11, lr}
mid1_pe:
        mov     r4, #0                  @ object A constructed: state 0
mid1_s0:
        bl      thrower1
mid1_s0e:
        ldmia   sp!, {r4, r11, lr}
        bx      lr
mid1_end:
        PDATA   mid1, mid1_pe, mid1_end, 1

dtor_A: stmdb   sp!, {r4, lr}
        ldr     r0, =msg_dtorA
        bl      print
        ldmia   sp!, {r4, lr}
        bx      lr
        .ltorg

thrower1:
        stmdb   sp!, {r4, lr}
        sub     sp, sp, #8
thrower1_pe:
        mov     r0, #42
        str     r0, [sp]
        mov     r0, sp
        ldr     r1, =ti_int
        bl      cxx_throw
        add     sp, sp, #8
        ldmia   sp!, {r4, lr}
        bx      lr
thrower1_end:
        PDATA   thrower1, thrower1_pe, thrower1_end, 0
        .ltorg

@ ==== 2. a class caught by a reference to its second base =======================================
        PDATA_EH cxx_handler, fi_t2
t2:     stmdb   sp!, {r4, r11, lr}
        sub     sp, sp, #8
t2_pe:
t2_try:
        bl      thrower2                @ state 0
t2_tryend:
        ldr     r0, =msg_notcaught
        bl      print
t2_cont:
        add     sp, sp, #8
        ldmia   sp!, {r4, r11, lr}
        bx      lr
t2_end:
        PDATA   t2, t2_pe, t2_end, 1
        .ltorg

t2_catch:
        stmdb   sp!, {r4, lr}
        ldr     r4, [r11, #DISP]        @ Base &
        ldr     r1, [r4]
        ldr     r0, =msg_c2
        bl      print
        ldr     r0, =t2_cont
        ldmia   sp!, {r4, lr}
        bx      lr
dtor_Derived:                           @ this in r0 (pmfnUnwind)
        stmdb   sp!, {r4, lr}
        ldr     r1, [r0]
        ldr     r2, [r0, #4]
        ldr     r0, =msg_dtorDerived
        bl      print
        ldmia   sp!, {r4, lr}
        bx      lr
        .ltorg

thrower2:
        stmdb   sp!, {r4, lr}
        sub     sp, sp, #8
thrower2_pe:
        ldr     r0, =0x1111
        str     r0, [sp]
        ldr     r0, =0x2222
        str     r0, [sp, #4]
        mov     r0, sp
        ldr     r1, =ti_derived
        bl      cxx_throw
        add     sp, sp, #8
        ldmia   sp!, {r4, lr}
        bx      lr
thrower2_end:
        PDATA   thrower2, thrower2_pe, thrower2_end, 0
        .ltorg

@ ==== 3. const pointer =========================================================================
        PDATA_EH cxx_handler, fi_t3
t3:     stmdb   sp!, {r4, r11, lr}
        sub     sp, sp, #8
t3_pe:
        ldr     r0, =str_hello
        str     r0, [sp, #4]
        add     r0, sp, #4              @ the thrown object: a const char *
        ldr     r1, =ti_pcchar
t3_try:
        bl      cxx_throw               @ state 0
t3_tryend:
        ldr     r0, =msg_notcaught
        bl      print
t3_cont:
        add     sp, sp, #8
        ldmia   sp!, {r4, r11, lr}
        bx      lr
t3_end:
        PDATA   t3, t3_pe, t3_end, 1
        .ltorg

t3_catch_pchar:
        stmdb   sp!, {r4, lr}
        ldr     r0, =msg_wrong
        bl      print
        ldr     r0, =t3_cont
        ldmia   sp!, {r4, lr}
        bx      lr
t3_catch_pcchar:
        stmdb   sp!, {r4, lr}
        ldr     r1, [r11, #DISP]
        ldr     r0, =msg_c3
        bl      print
        ldr     r0, =t3_cont
        ldmia   sp!, {r4, lr}
        bx      lr
        .ltorg

@ ==== 4. rethrow ===============================================================================
        PDATA_EH cxx_handler, fi_t4
t4:     stmdb   sp!, {r4, r11, lr}
        sub     sp, sp, #8
t4_pe:
t4_try:
        bl      t4in                    @ state 0
t4_tryend:
        ldr     r0, =msg_notcaught
        bl      print
t4_cont:
        add     sp, sp, #8
        ldmia   sp!, {r4, r11, lr}
        bx      lr
t4_end:
        PDATA   t4, t4_pe, t4_end, 1
        .ltorg

t4_catch:
        stmdb   sp!, {r4, lr}
        ldr     r1, [r11, #DISP]        @ E by value: its one field
        ldr     r0, =msg_c4outer
        bl      print
        ldr     r0, =t4_cont
        ldmia   sp!, {r4, lr}
        bx      lr
dtor_E: stmdb   sp!, {r4, lr}
        ldr     r1, [r0]
        ldr     r0, =msg_dtorE
        bl      print
        ldmia   sp!, {r4, lr}
        bx      lr
dtor_D: stmdb   sp!, {r4, lr}
        ldr     r0, =msg_dtorD
        bl      print
        ldmia   sp!, {r4, lr}
        bx      lr
        .ltorg

        PDATA_EH cxx_handler, fi_t4in
t4in:   stmdb   sp!, {r4, r11, lr}
        sub     sp, sp, #8
t4in_pe:
        mov     r4, #0                  @ object D constructed: state 0
t4in_s1:
        mov     r0, #7                  @ try: state 1
        str     r0, [sp]
        mov     r0, sp
        ldr     r1, =ti_E
        bl      cxx_throw
t4in_s0:
        bl      dtor_D                  @ state 0 (not reached)
t4in_sm1:
        add     sp, sp, #8
        ldmia   sp!, {r4, r11, lr}
        bx      lr
t4in_end:
        PDATA   t4in, t4in_pe, t4in_end, 1
        .ltorg

t4in_catch:                             @ catch(...) { print; throw; }
        stmdb   sp!, {r4, lr}
t4in_catch_pe:
        ldr     r0, =msg_c4inner
        bl      print
        mov     r0, #0
        mov     r1, #0
        bl      cxx_throw
        ldr     r0, =t4in_sm1
        ldmia   sp!, {r4, lr}
        bx      lr
t4in_catch_end:
        PDATA   t4in_catch, t4in_catch_pe, t4in_catch_end, 0
        .ltorg

@ ==== 5. try/catch inside a catch block ===========================================================
        PDATA_EH cxx_handler, fi_t5
t5:     stmdb   sp!, {r4, r11, lr}
        sub     sp, sp, #8
t5_pe:
t5_try:
        bl      thrower1                @ state 0
t5_tryend:
        ldr     r0, =msg_notcaught
        bl      print
t5_cont:
        add     sp, sp, #8
        ldmia   sp!, {r4, r11, lr}
        bx      lr
t5_end:
        PDATA   t5, t5_pe, t5_end, 1
        .ltorg

t5_catch:
        stmdb   sp!, {r4, r11, lr}      @ r11: t5's frame, kept for after the nested call
t5_catch_pe:
        bl      t5in
        ldr     r1, [r11, #DISP]
        ldr     r0, =msg_c5outer
        bl      print
        ldr     r0, =t5_cont
        ldmia   sp!, {r4, r11, lr}
        bx      lr
t5_catch_end:
        PDATA   t5_catch, t5_catch_pe, t5_catch_end, 0
        .ltorg

        PDATA_EH cxx_handler, fi_t5in
t5in:   stmdb   sp!, {r4, r11, lr}
        sub     sp, sp, #8
t5in_pe:
t5in_try:
        bl      thrower1                @ state 0
t5in_tryend:
        ldr     r0, =msg_notcaught
        bl      print
t5in_cont:
        add     sp, sp, #8
        ldmia   sp!, {r4, r11, lr}
        bx      lr
t5in_end:
        PDATA   t5in, t5in_pe, t5in_end, 1
        .ltorg

t5in_catch:
        stmdb   sp!, {r4, lr}
        ldr     r1, [r11, #DISP]
        ldr     r0, =msg_c5inner
        bl      print
        ldr     r0, =t5in_cont
        ldmia   sp!, {r4, lr}
        bx      lr
        .ltorg

@ ==== 6. /EHa: catch(...) takes an access violation ================================================
        PDATA_EH cxx_handler, fi_t6
t6:     stmdb   sp!, {r4, r11, lr}
        sub     sp, sp, #8
t6_pe:
        mov     r4, #0x50
t6_try:
        str     r4, [r4]                @ state 0: write to 0x00000050
t6_tryend:
        ldr     r0, =msg_notcaught
        bl      print
t6_cont:
        add     sp, sp, #8
        ldmia   sp!, {r4, r11, lr}
        bx      lr
t6_end:
        PDATA   t6, t6_pe, t6_end, 1
        .ltorg

t6_catch:
        stmdb   sp!, {r4, lr}
        ldr     r0, =msg_c6
        bl      print
        ldr     r0, =t6_cont
        ldmia   sp!, {r4, lr}
        bx      lr
        .ltorg

        PDATA_EH cxx_handler, fi_t6s
t6s:    stmdb   sp!, {r4, r11, lr}
        sub     sp, sp, #8
t6s_pe:
        mov     r4, #0x50
t6s_try:
        str     r4, [r4]                @ state 0: write to 0x00000050
t6s_tryend:
        ldr     r0, =msg_notcaught
        bl      print
t6s_cont:
        add     sp, sp, #8
        ldmia   sp!, {r4, r11, lr}
        bx      lr
t6s_end:
        PDATA   t6s, t6s_pe, t6s_end, 1
        .ltorg

t6s_catch:
        stmdb   sp!, {r4, lr}
        ldr     r0, =msg_wrong
        bl      print
        ldr     r0, =t6s_cont
        ldmia   sp!, {r4, lr}
        bx      lr
        .ltorg

@ ==== 7. across a DLL boundary ===================================================================
        PDATA_EH cxx_handler, fi_t7
t7:     stmdb   sp!, {r4, r11, lr}
        sub     sp, sp, #8
t7_pe:
        mov     r0, #77
        ldr     r4, =iat_dll_throw
t7_try:
        mov     lr, pc
        ldr     pc, [r4]                @ state 0: dll_throw(77)
t7_tryend:
        ldr     r0, =msg_notcaught
        bl      print
t7_cont:
        ldr     r0, =t7_thrower
        ldr     r4, =iat_dll_catch
        mov     lr, pc
        ldr     pc, [r4]                @ dll_catch(t7_thrower)
        mov     r1, r0
        ldr     r0, =msg_c7ret
        bl      print
        add     sp, sp, #8
        ldmia   sp!, {r4, r11, lr}
        bx      lr
t7_end:
        PDATA   t7, t7_pe, t7_end, 1
        .ltorg

t7_catch:
        stmdb   sp!, {r4, lr}
        ldr     r1, [r11, #DISP]
        ldr     r0, =msg_c7
        bl      print
        ldr     r0, =t7_cont
        ldmia   sp!, {r4, lr}
        bx      lr
        .ltorg

t7_thrower:
        stmdb   sp!, {r4, lr}
        sub     sp, sp, #8
t7_thrower_pe:
        mov     r0, #55
        str     r0, [sp]
        mov     r0, sp
        ldr     r1, =ti_int
        bl      cxx_throw
        add     sp, sp, #8
        ldmia   sp!, {r4, lr}
        bx      lr
t7_thrower_end:
        PDATA   t7_thrower, t7_thrower_pe, t7_thrower_end, 0
        .ltorg

@ ==== tables ===================================================================================
        .section .rdata, "a"
        .p2align 2
@ FuncInfo, unwind maps {toState, action}, try blocks {tryLow, tryHigh, catchHigh, nCatches,
@ pHandlerArray}, handlers {adjectives, pType, dispCatchObj, frameNestLevel, addressOfHandler},
@ IP-to-state maps {Ip, State}.
fi_t1:  FUNCINFO 1, um_try0, 1, tb_t1, 3, ip_t1
tb_t1:  .word 0, 0, 0, 2, hts_t1
hts_t1: .word 0, td_pchar, DISP, 1, t1_catch_pchar
        .word 0, td_int, DISP, 1, t1_catch_int
ip_t1:  .word t1, -1, t1_try, 0, t1_tryend, -1
um_try0: .word -1, 0

fi_mid1: FUNCINFO 1, um_mid1, 0, 0, 3, ip_mid1
um_mid1: .word -1, dtor_A
ip_mid1: .word mid1, -1, mid1_s0, 0, mid1_s0e, -1

fi_t2:  FUNCINFO 1, um_try0, 1, tb_t2, 3, ip_t2
tb_t2:  .word 0, 0, 0, 1, hts_t2
hts_t2: .word 8, td_base_copy, DISP, 1, t2_catch        @ catch(Base &)
ip_t2:  .word t2, -1, t2_try, 0, t2_tryend, -1

fi_t3:  FUNCINFO 1, um_try0, 1, tb_t3, 3, ip_t3
tb_t3:  .word 0, 0, 0, 2, hts_t3
hts_t3: .word 0, td_pchar, DISP, 1, t3_catch_pchar      @ catch(char *)
        .word 1, td_pchar, DISP, 1, t3_catch_pcchar     @ catch(const char *)
ip_t3:  .word t3, -1, t3_try, 0, t3_tryend, -1

fi_t4:  FUNCINFO 1, um_try0, 1, tb_t4, 3, ip_t4
tb_t4:  .word 0, 0, 0, 1, hts_t4
hts_t4: .word 0, td_E, DISP, 1, t4_catch                @ catch(E)
ip_t4:  .word t4, -1, t4_try, 0, t4_tryend, -1

fi_t4in: FUNCINFO 3, um_t4in, 1, tb_t4in, 4, ip_t4in
um_t4in: .word -1, dtor_D, 0, 0, 0, 0                   @ 0: D; 1: try; 2: catch
tb_t4in: .word 1, 1, 2, 1, hts_t4in
hts_t4in: .word 0, 0, 0, 1, t4in_catch                  @ catch(...)
ip_t4in: .word t4in, -1, t4in_s1, 1, t4in_s0, 0, t4in_sm1, -1

fi_t5:  FUNCINFO 1, um_try0, 1, tb_t5, 3, ip_t5
tb_t5:  .word 0, 0, 0, 1, hts_t5
hts_t5: .word 0, td_int, DISP, 1, t5_catch
ip_t5:  .word t5, -1, t5_try, 0, t5_tryend, -1
fi_t5in: FUNCINFO 1, um_try0, 1, tb_t5in, 3, ip_t5in
tb_t5in: .word 0, 0, 0, 1, hts_t5in
hts_t5in: .word 0, td_int, DISP, 1, t5in_catch
ip_t5in: .word t5in, -1, t5in_try, 0, t5in_tryend, -1

fi_t6:  FUNCINFO 1, um_try0, 1, tb_t6, 3, ip_t6, 0
tb_t6:  .word 0, 0, 0, 1, hts_t6
hts_t6: .word 0, 0, 0, 1, t6_catch                      @ catch(...)
ip_t6:  .word t6, -1, t6_try, 0, t6_tryend, -1
fi_t6s: FUNCINFO 1, um_try0, 1, tb_t6s, 3, ip_t6s, 1
tb_t6s: .word 0, 0, 0, 1, hts_t6s
hts_t6s: .word 0, 0, 0, 1, t6s_catch                    @ catch(...)
ip_t6s: .word t6s, -1, t6s_try, 0, t6s_tryend, -1
fi_t7:  FUNCINFO 1, um_try0, 1, tb_t7, 3, ip_t7
tb_t7:  .word 0, 0, 0, 1, hts_t7
hts_t7: .word 0, td_int, DISP, 1, t7_catch              @ catch(int)
ip_t7:  .word t7, -1, t7_try, 0, t7_tryend, -1

@ ThrowInfo {attributes, pmfnUnwind, pForwardCompat, pCatchableTypeArray};
@ CatchableType {properties, pType, mdisp, pdisp, vdisp, sizeOrOffset, copyFunction}.
ti_int:     .word 0, 0, 0, cta_int
cta_int:    .word 1, ct_int
ct_int:     .word 1, td_int, 0, -1, 0, 4, 0
ti_derived: .word 0, dtor_Derived, 0, cta_derived
cta_derived: .word 2, ct_derived, ct_base
ct_derived: .word 0, td_derived, 0, -1, 0, 8, 0
ct_base:    .word 0, td_base, 4, -1, 0, 4, 0
ti_pcchar:  .word 1, 0, 0, cta_pchar                    @ TI_IsConst
cta_pchar:  .word 1, ct_pchar
ct_pchar:   .word 1, td_pchar, 0, -1, 0, 4, 0
ti_E:       .word 0, dtor_E, 0, cta_E
cta_E:      .word 1, ct_E
ct_E:       .word 0, td_E, 0, -1, 0, 4, 0

@ TypeDescriptor {pVFTable, spare, name}
        .p2align 2
td_int:     .word 0, 0
        .asciz ".H"
        .p2align 2
td_pchar:   .word 0, 0
        .asciz ".PAD"
        .p2align 2
td_derived: .word 0, 0
        .asciz ".?AVDerived@@"
        .p2align 2
td_base:    .word 0, 0
        .asciz ".?AVBase@@"
        .p2align 2
td_base_copy: .word 0, 0                                @ another module's copy: matched by name
        .asciz ".?AVBase@@"
        .p2align 2
td_E:       .word 0, 0
        .asciz ".?AVE@@"

str_hello:        .asciz "hello"
msg_c1:           .asciz "case 1: caught int %d\n"
msg_dtorA:        .asciz "case 1: ~A during the unwind\n"
msg_c2:           .asciz "case 2: caught Base & -> %X\n"
msg_dtorDerived:  .asciz "case 2: ~Derived(%X, %X)\n"
msg_c3:           .asciz "case 3: caught const char * %s\n"
msg_c4inner:      .asciz "case 4: inner catch(...), rethrow\n"
msg_dtorD:        .asciz "case 4: ~D during the unwind\n"
msg_c4outer:      .asciz "case 4: outer caught E(%d)\n"
msg_dtorE:        .asciz "case 4: ~E(%d)\n"
msg_c5inner:      .asciz "case 5: nested catch(int) %d inside a catch block\n"
msg_c5outer:      .asciz "case 5: outer catch block goes on with %d\n"
msg_c6:           .asciz "case 6: catch(...) took the access violation (/EHa)\n"
msg_c7:           .asciz "case 7: caught int %d thrown in cxxdll.dll\n"
msg_c7ret:        .asciz "case 7: dll_catch returned %d\n"
msg_wrong:        .asciz "FAIL: wrong catch clause\n"
msg_notcaught:    .asciz "FAIL: not caught\n"
msg_done:         .asciz "cxx_eh: done\n"

        IMPORT_DIRECTORY_BEGIN
        IMPORT_DESCRIPTOR coredll
        IMPORT_DESCRIPTOR cxxdll
        IMPORT_DIRECTORY_END
        IMPORT_TABLES_BEGIN coredll, "COREDLL.dll"
        IMPORT_ORDINAL printf, 1102
        IMPORT_ORDINAL __CxxFrameHandler, 1550
        IMPORT_ORDINAL __CxxThrowException, 1551
        IMPORT_TABLES_END coredll
        IMPORT_TABLES_BEGIN cxxdll, "cxxdll.dll"
        IMPORT_ORDINAL dll_throw, 1
        IMPORT_ORDINAL dll_catch, 2
        IMPORT_TABLES_END cxxdll
