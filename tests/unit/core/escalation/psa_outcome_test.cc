#include "server/core/escalation/psa_outcome.h"

#include "gtest/gtest.h"

namespace cordon::core {
namespace psa_outcome_test {

// ESC-2 type 1: which PSA answers are worth retrying.
TEST(PsaOutcome, Esc2SuccessThrottleTransientAndPermanent) {
  EXPECT_EQ(ClassifyPsaOutcome(201, false), ErrorClass::kSuccess);
  EXPECT_EQ(ClassifyPsaOutcome(429, false), ErrorClass::kThrottled);
  EXPECT_EQ(ClassifyPsaOutcome(503, false), ErrorClass::kThrottled);
  EXPECT_EQ(ClassifyPsaOutcome(502, false), ErrorClass::kRetryable);
  EXPECT_EQ(ClassifyPsaOutcome(0, true), ErrorClass::kRetryable);
  EXPECT_EQ(ClassifyPsaOutcome(401, false), ErrorClass::kPermanent);
  EXPECT_EQ(ClassifyPsaOutcome(400, false), ErrorClass::kPermanent);
  EXPECT_EQ(ClassifyPsaOutcome(501, false), ErrorClass::kPermanent);
}

TEST(PsaOutcome, Esc2DescriptionSaysWhatToFix) {
  EXPECT_NE(DescribePsaOutcome(401, false, "token expired").find("API key"),
            std::string::npos);
  EXPECT_NE(DescribePsaOutcome(400, false, "").find("board"),
            std::string::npos);
  EXPECT_NE(DescribePsaOutcome(0, true, "").find("in time"), std::string::npos);
}

}  // namespace psa_outcome_test
}  // namespace cordon::core
