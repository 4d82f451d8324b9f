#include "server/core/fingerprint.h"

#include "gtest/gtest.h"

namespace cordon::core {
namespace fingerprint_test {

TEST(FingerprintTest, IsFnv1a64) {
  EXPECT_EQ(Fingerprint(""), kFingerprintSeed);
  // Published FNV-1a 64 test vectors.
  EXPECT_EQ(Fingerprint("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(Fingerprint("foobar"), 0x85944171f73967e8ULL);
}

TEST(FingerprintTest, ContinuesFromASeed) {
  EXPECT_EQ(Fingerprint("bar", Fingerprint("foo")), Fingerprint("foobar"));
}

}  // namespace fingerprint_test
}  // namespace cordon::core
