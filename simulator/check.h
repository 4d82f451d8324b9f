#ifndef CORDON_SIMULATOR_CHECK_H_
#define CORDON_SIMULATOR_CHECK_H_

#include <cstdio>
#include <cstdlib>

// The simulator's own assertion (absl/log/check is not in Abseil 20220623).
// Used for programming errors in how a test or scenario sets up the fake
// world (a rate above 1, a missing generator): a simulated run that carries
// on from a broken set-up proves nothing, so it stops at once, loudly.
#define CORDON_SIM_CHECK(condition, message)                           \
  do {                                                                 \
    if (!(condition)) {                                                \
      std::fprintf(stderr, "%s:%d: CORDON_SIM_CHECK(%s) failed: %s\n", \
                   __FILE__, __LINE__, #condition, message);           \
      std::abort();                                                    \
    }                                                                  \
  } while (false)

#endif  // CORDON_SIMULATOR_CHECK_H_
