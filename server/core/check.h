#ifndef CORDON_SERVER_CORE_CHECK_H_
#define CORDON_SERVER_CORE_CHECK_H_

// Assertions for invariants that must never break (after TIGER_STYLE):
// a handler for every action kind, hold counts never negative, epochs that
// only grow. Abseil 20220623 has no absl/log/check, hence our own. A broken
// invariant means the code is wrong, not the input: carrying on could act on
// the wrong identity, so the process stops at once, saying where and why.
// Bad input is never checked this way: it gets a status (DESIGN rule 5).
//
// CORDON_CHECK is always on. CORDON_DCHECK is on in builds without NDEBUG
// (debug and sanitizer builds) for checks too costly for every call.
namespace cordon::core {
// Logs the broken invariant (event "check_failed", level FATAL) and aborts.
[[noreturn]] void CheckFailed(const char* file, int line, const char* condition,
                              const char* message);
}  // namespace cordon::core

#define CORDON_CHECK(condition, message)                                    \
  do {                                                                      \
    if (!(condition)) {                                                     \
      ::cordon::core::CheckFailed(__FILE__, __LINE__, #condition, message); \
    }                                                                       \
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
