#ifndef CORDON_TESTS_FUZZ_FUZZ_CHECK_H_
#define CORDON_TESTS_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

// A property of the code under fuzzing that must hold for every input: a
// violation aborts, so libFuzzer keeps the input as a crash like any other.
#define FUZZ_CHECK(condition)                                          \
  do {                                                                 \
    if (!(condition)) {                                                \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, \
                   __LINE__, #condition);                              \
      std::abort();                                                    \
    }                                                                  \
  } while (0)

#endif  // CORDON_TESTS_FUZZ_FUZZ_CHECK_H_
