/* rtti.exe — C++ run-time type information through coredll (test/coredll/rtti.test.ts).
 * clang emits MSVC's 32-bit RTTI (CompleteObjectLocator at vftable[-1], TypeDescriptors that point at
 * coredll's ??_7type_info@@6B@, class hierarchy and base class descriptors) and calls coredll's
 * __RTDynamicCast, __RTtypeid, __RTCastToVoid and type_info members, as MSVC for ARM CE does.
 * No arguments: down-, cross- and failing casts under single, multiple and virtual inheritance,
 * dynamic_cast<void *>, typeid names, ==, before, and the type_info vftable taken with GetProcAddressW.
 * Argument `r`: a failing dynamic_cast to a reference; `n`: typeid of a NULL pointer (coredll throws
 * std::bad_cast / std::bad_typeid there; wmemu stops naming the case). */
#include <windows.h>
#include <ce_modules.h>

class type_info {
public:
  virtual ~type_info();
  int operator==(const type_info &rhs) const;
  int operator!=(const type_info &rhs) const;
  int before(const type_info &rhs) const;
  const char *name() const;
  const char *raw_name() const;

private:
  void *_m_data;
  char _m_d_name[1];
};
namespace std {
using ::type_info;
}

struct A {
  virtual ~A() {}
  int a;
};
struct B : A {
  int b;
};
struct Other : A {
  int o;
};
class C {
public:
  virtual void f() {}
  int c;
};
struct D : B, C { /* multiple inheritance: A, B at 0, C after them */
  int d;
};
struct V1 : virtual A {
  int v1;
};
struct V2 : virtual A {
  int v2;
};
struct VD : V1, V2 { /* virtual inheritance: one A shared by V1 and V2 */
  int vd;
};
struct X1 : A {
  int x1;
};
struct X2 : A {
  int x2;
};
struct Amb : X1, X2, C { /* two A's: a cross-cast to A from C is ambiguous */
  int amb;
};
namespace ns {
template <class T> struct Box : A {
  T t;
};
} // namespace ns

/* coredll's array helpers, called by name as MSVC-compiled `new T[n]` / `delete[]` call them. */
extern "C" void ehvec_ctor(void *ptr, unsigned size, int count, void (*ctor)(void *), void (*dtor)(void *)) __asm__("??_L@YAXPAXIHP6AX0@Z1@Z");
extern "C" void ehvec_ctor_vb(void *ptr, unsigned size, int count, void (*ctor)(void *, int), void (*dtor)(void *)) __asm__("??_N@YAXPAXIHP6AX0@Z1@Z");
extern "C" void ehvec_dtor(void *ptr, unsigned size, int count, void (*dtor)(void *)) __asm__("??_M@YAXPAXIHP6AX0@Z@Z");
struct Elem {
  int id;
  int pad[2];
};
static int built, order[8], norder;
static void elemCtor(void *p) { ((Elem *)p)->id = ++built; }
static int vbFlags;
static void elemCtorVb(void *p, int mostDerived) {
  ((Elem *)p)->id = 100 + ++built;
  vbFlags += mostDerived == 1;
}
static void elemDtor(void *p) {
  if (norder < 8)
    order[norder++] = ((Elem *)p)->id;
}

static int failures;
static void check(const char *what, bool ok) {
  printf("%s: %s\n", what, ok ? "ok" : "FAILED");
  if (!ok)
    failures++;
}

/* Kept out of line so that the casts are the run-time ones, not folded by the compiler. */
__attribute__((noinline)) static A *asA(A *p) { return p; }
__attribute__((noinline)) static C *asC(C *p) { return p; }
__attribute__((noinline)) static V1 *asV1(V1 *p) { return p; }

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE hPrevInstance, LPWSTR lpCmdLine, int nCmdShow) {
  B b;
  D d;
  VD vd;
  Amb amb;
  ns::Box<int> box;
  if (lpCmdLine && lpCmdLine[0] == L'r') {
    Other &o = dynamic_cast<Other &>(*asA(&b));
    printf("reference cast returned %p\n", (void *)&o);
    return 1;
  }
  if (lpCmdLine && lpCmdLine[0] == L'n') {
    A *none = asA(nullptr);
    const type_info &t = typeid(*none);
    printf("typeid of NULL returned %p\n", (const void *)&t);
    return 1;
  }

  /* single inheritance */
  check("SI down-cast A* -> B*", dynamic_cast<B *>(asA(&b)) == &b);
  check("SI failing down-cast A* -> Other* is NULL", dynamic_cast<Other *>(asA(&b)) == nullptr);
  check("NULL in, NULL out", dynamic_cast<B *>(asA(nullptr)) == nullptr);
  check("SI reference down-cast", &dynamic_cast<B &>(*asA(&b)) == &b);

  /* multiple inheritance */
  check("MI cross-cast A* -> C*", dynamic_cast<C *>(asA(&d)) == static_cast<C *>(&d));
  check("MI cross-cast C* -> B*", dynamic_cast<B *>(asC(&d)) == static_cast<B *>(&d));
  check("MI down-cast C* -> D*", dynamic_cast<D *>(asC(&d)) == &d);
  check("MI dynamic_cast<void *> of the C part", dynamic_cast<void *>(asC(&d)) == (void *)&d);
  check("MI C part is not at the start", (void *)static_cast<C *>(&d) != (void *)&d);
  check("MI failing cast C* -> Other* is NULL", dynamic_cast<Other *>(asC(&d)) == nullptr);
  check("MI ambiguous cross-cast C* -> A* is NULL", dynamic_cast<A *>(asC(&amb)) == nullptr);
  check("MI unambiguous cross-cast C* -> X2*", dynamic_cast<X2 *>(asC(&amb)) == static_cast<X2 *>(&amb));

  /* virtual inheritance */
  check("VI down-cast A* -> VD*", dynamic_cast<VD *>(asA(static_cast<A *>(&vd))) == &vd);
  check("VI down-cast A* -> V2*", dynamic_cast<V2 *>(asA(static_cast<A *>(&vd))) == static_cast<V2 *>(&vd));
  check("VI cross-cast V1* -> V2*", dynamic_cast<V2 *>(asV1(&vd)) == static_cast<V2 *>(&vd));
  check("VI dynamic_cast<void *> of the A part", dynamic_cast<void *>(asA(static_cast<A *>(&vd))) == (void *)&vd);
  check("VI failing cast A* -> B* is NULL", dynamic_cast<B *>(asA(static_cast<A *>(&vd))) == nullptr);

  /* typeid */
  A *pb = asA(&b);
  C *pd = asC(&d);
  A *pvd = asA(static_cast<A *>(&vd));
  A *pbox = asA(&box);
  const type_info &tb = typeid(*pb);
  printf("typeid(*(A *)&b).name() = %s\n", tb.name());
  printf("typeid(*(A *)&b).raw_name() = %s\n", tb.raw_name());
  printf("typeid(*(C *)&d).name() = %s\n", typeid(*pd).name());
  printf("typeid(*(A *)&vd).name() = %s\n", typeid(*pvd).name());
  printf("typeid(*(A *)&box).name() = %s\n", typeid(*pbox).name());
  printf("typeid(int).name() = %s\n", typeid(int).name());
  printf("typeid(const char *).name() = %s\n", typeid(const char *).name());
  printf("typeid(unsigned short **).name() = %s\n", typeid(unsigned short **).name());
  check("name() is cached", tb.name() == tb.name());
  check("typeid(*(A *)&b) == typeid(B)", typeid(*pb) == typeid(B));
  check("typeid(*(A *)&b) != typeid(A)", typeid(*pb) != typeid(A));
  check("before() orders by name", typeid(A).before(typeid(B)) && !typeid(B).before(typeid(A)) && !typeid(A).before(typeid(A)));

  /* The vftable every TypeDescriptor points at: coredll's data export; its slot is the deleting destructor. */
  void **vt = (void **)GetProcAddressW(GetModuleHandleW(L"coredll.dll"), L"??_7type_info@@6B@");
  check("??_7type_info@@6B@ found", vt != nullptr);
  if (vt) {
    unsigned *ti = (unsigned *)malloc(16);
    ti[0] = (unsigned)vt;
    ti[1] = 0;
    memcpy(&ti[2], ".H", 3);
    const char *n = ((type_info *)ti)->name();
    printf("a type_info made with that vftable: name() = %s\n", n);
    typedef void *(*DeletingDtor)(void *self, unsigned flags);
    void *r = ((DeletingDtor)vt[0])(ti, 1);
    check("the vftable's deleting destructor returns this", r == (void *)ti);
  }
  /* eh vector constructor / destructor iterators */
  Elem arr[4];
  ehvec_ctor(arr, sizeof(Elem), 4, elemCtor, elemDtor);
  check("vector constructor iterator: 4 elements in order", built == 4 && arr[0].id == 1 && arr[3].id == 4);
  ehvec_dtor(arr, sizeof(Elem), 4, elemDtor);
  printf("vector destructor iterator order: %d %d %d %d\n", order[0], order[1], order[2], order[3]);
  check("vector destructor iterator: last to first, once each", norder == 4 && order[0] == 4 && order[3] == 1);
  ehvec_ctor(arr, sizeof(Elem), 0, elemCtor, elemDtor);
  ehvec_dtor(arr, sizeof(Elem), 0, elemDtor);
  check("count 0 calls nothing", built == 4 && norder == 4);
  /* the vbase variant: ctor(element, 1), first to last */
  ehvec_ctor_vb(arr, sizeof(Elem), 3, elemCtorVb, elemDtor);
  printf("vbase vector constructor iterator: %d %d %d, flag 1 given %d times\n", arr[0].id, arr[1].id, arr[2].id, vbFlags);
  check("vbase vector constructor iterator: 3 elements in order, each told it is most derived", built == 7 && arr[2].id == 107 && vbFlags == 3);
  ehvec_ctor_vb(arr, sizeof(Elem), 0, elemCtorVb, elemDtor);
  check("vbase iterator with count 0 calls nothing", built == 7 && norder == 4);

  printf("rtti: %s\n", failures ? "FAILED" : "done");
  return failures;
}
