#include "simulator/random.h"

#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "server/ports/random_source.h"

namespace cordon::sim {
namespace random_test {

// DESIGN rule 3: a seed replays a run.
TEST(RandomTest, SameSeedSameSequence) {
  Random a(42);
  Random b(42);
  for (int i = 0; i < 1000; ++i) {
    ASSERT_EQ(a.NextUint64(), b.NextUint64());
    ASSERT_EQ(a.UniformInt(-5, 17), b.UniformInt(-5, 17));
    ASSERT_EQ(a.Uniform01(), b.Uniform01());
    ASSERT_EQ(a.Bernoulli(0.3), b.Bernoulli(0.3));
  }
}

// The engine's retry jitter draws from the same generator (DESIGN rule 3).
TEST(RandomTest, IsTheEnginesRandomSource) {
  Random a(21);
  Random b(21);
  ports::RandomSource* source = &a;
  EXPECT_EQ(source->Uniform01(), b.Uniform01());
}

TEST(RandomTest, DifferentSeedsDiffer) {
  Random a(1);
  Random b(2);
  int equal = 0;
  for (int i = 0; i < 100; ++i) equal += a.NextUint64() == b.NextUint64();
  EXPECT_LT(equal, 2);
}

// The mapping is ours, not the standard library's, so the numbers are the
// same on every platform: pin the first draws of seed 42. mt19937_64's own
// output is fixed by the standard (10000th draw of the default seed).
TEST(RandomTest, StreamIsPinned) {
  std::mt19937_64 reference;
  reference.discard(9999);
  EXPECT_EQ(reference(), 9981545732273789042ULL);

  Random random(42);
  std::mt19937_64 engine(42);
  const uint64_t first = engine();
  EXPECT_EQ(random.NextUint64(), first);
  EXPECT_EQ(random.Uniform01(),
            static_cast<double>(engine() >> 11) * 0x1.0p-53);
}

TEST(RandomTest, UniformIntStaysInRangeAndCoversIt) {
  Random random(7);
  std::vector<int> seen(6, 0);
  for (int i = 0; i < 6000; ++i) {
    const int64_t v = random.UniformInt(10, 15);
    ASSERT_GE(v, 10);
    ASSERT_LE(v, 15);
    ++seen[v - 10];
  }
  for (int count : seen) {
    EXPECT_GT(count, 800);
    EXPECT_LT(count, 1200);
  }
  EXPECT_EQ(random.UniformInt(3, 3), 3);
  // The full range does not overflow.
  random.UniformInt(std::numeric_limits<int64_t>::min(),
                    std::numeric_limits<int64_t>::max());
}

TEST(RandomTest, BernoulliEdgesAndRate) {
  Random random(9);
  int hits = 0;
  for (int i = 0; i < 10000; ++i) {
    ASSERT_FALSE(random.Bernoulli(0));
    ASSERT_TRUE(random.Bernoulli(1));
    hits += random.Bernoulli(0.2);
  }
  EXPECT_NEAR(hits, 2000, 200);
}

// A knob moving between 0 and a small value must not shift the rest of the
// stream: Bernoulli always takes exactly one draw.
TEST(RandomTest, BernoulliAlwaysTakesOneDraw) {
  Random a(5);
  Random b(5);
  a.Bernoulli(0);
  b.Bernoulli(0.5);
  EXPECT_EQ(a.NextUint64(), b.NextUint64());
}

TEST(RandomTest, UniformDurationStaysInRange) {
  Random random(11);
  for (int i = 0; i < 1000; ++i) {
    const absl::Duration d =
        random.UniformDuration(absl::Seconds(1), absl::Seconds(3));
    ASSERT_GE(d, absl::Seconds(1));
    ASSERT_LE(d, absl::Seconds(3));
  }
  EXPECT_EQ(random.UniformDuration(absl::Seconds(2), absl::Seconds(2)),
            absl::Seconds(2));
}

TEST(RandomTest, WeightedIndexFollowsWeightsAndSkipsZeros) {
  Random random(13);
  std::vector<int> seen(4, 0);
  for (int i = 0; i < 10000; ++i) {
    ++seen[random.WeightedIndex({1, 0, 3, 0})];
  }
  EXPECT_EQ(seen[1], 0);
  EXPECT_EQ(seen[3], 0);
  EXPECT_NEAR(seen[0], 2500, 250);
  EXPECT_NEAR(seen[2], 7500, 250);
}

}  // namespace random_test
}  // namespace cordon::sim
