#ifndef CORDON_SERVER_CORE_CHECK_H_
#define CORDON_SERVER_CORE_CHECK_H_

#include <cstdio>
#include <cstdlib>

// Assertions for invariants that must never break (after TIGER_STYLE):
// a handler for every action kind, hold counts never negative, epochs that
// only grow. Abseil 20220623 has no absl/log/check, hence our own. A broken
// invariant means the code is wrong, not the input: carrying on could act on
// the wrong identity, so the process stops at once, saying where and why.
// Bad input is never checked this way: it gets a status (DESIGN rule 5).
//
// CORDON_CHECK is always on. CORDON_DCHECK is on in builds without NDEBUG
// (debug and sanitizer builds) for checks too costly for every call.
#define CORDON_CHECK(condition, message)                                     \
  do {                                                                       \
    if (!(condition)) {                                                      \
      std::fprintf(stderr, "%s:%d: CORDON_CHECK(%s) failed: %s\n", __FILE__, \
                   __LINE__, #condition, message);                           \
      std::fflush(stderr);                                                   \
      std::abort();                                                          \
    }                                                                        \
  } while (false)

#ifdef NDEBUG
#define CORDON_DCHECK(condition, message) \
  do {                                    \
    (void)sizeof(condition);              \
  } while (false)
#else
#define CORDON_DCHECK(condition, message) CORDON_CHECK(condition, message)
#endif

#endif  // CORDON_SERVER_CORE_CHECK_H_
