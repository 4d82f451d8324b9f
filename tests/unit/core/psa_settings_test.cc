// Issue 11: the PSA configuration is checked at write time per product, the
// field named exactly (core names the PsaIntegration field).

#include "server/core/psa_settings.h"

#include "gtest/gtest.h"
#include "server/core/errors.h"
#include "server/core/psa_test_verdict.h"

namespace cordon::core {
namespace psa_settings_test {

PsaSettings ConnectWise() {
  PsaSettings s;
  s.kind = PsaKind::kConnectWise;
  s.values["endpoint"] = "https://na.myconnectwise.net";
  s.values["company_id"] = "mspco";
  s.values["board"] = "1";
  s.values["customer"] = "ContosoLtd";
  s.values["client_id"] = "b5d1a6d0-0000-4000-8000-000000000000";
  s.values["username"] = "pubkey";
  s.values["secret"] = "privkey";
  return s;
}

std::string FieldOfResult(const PsaSettings& settings) {
  return FieldOf(ValidatePsaSettings(settings)).value_or("(ok)");
}

TEST(PsaSettings, Issue11CompleteConnectWiseSettingsPass) {
  EXPECT_TRUE(ValidatePsaSettings(ConnectWise()).ok());
}

TEST(PsaSettings, Issue11StoredSecretSatisfiesTheRequirement) {
  PsaSettings s = ConnectWise();
  s.values["secret"].clear();
  EXPECT_EQ(FieldOfResult(s), "secret");
  s.secret_stored = true;
  EXPECT_EQ(FieldOfResult(s), "(ok)");
}

TEST(PsaSettings, Issue11ValuesAreCheckedForForm) {
  PsaSettings s = ConnectWise();
  s.values["company_id"] = "caf\xc3\xa9";  // non-ASCII in a header-bound field
  EXPECT_EQ(FieldOfResult(s), "company_id");
  s = ConnectWise();
  s.values["board"] = "Service\tBoard";
  EXPECT_EQ(FieldOfResult(s), "board");
  s = ConnectWise();
  s.values["board"] =
      "Sécurité";  // names may be any text where no header carries them
  EXPECT_EQ(FieldOfResult(s), "(ok)");
  s = ConnectWise();
  s.values["endpoint"] = "https://user:pw@psa.example";
  EXPECT_EQ(FieldOfResult(s), "endpoint");
  s = ConnectWise();
  s.kind = PsaKind::kAutotask;
  s.values["company_id"].clear();
  s.values["board"] = "1234567890123456789";  // 19 digits: longer than any id
  s.values["customer"] = "7";
  EXPECT_EQ(FieldOfResult(s), "board");
}

TEST(PsaSettings, Issue11TestVerdictsByAnswerClass) {
  EXPECT_EQ(JudgePsaTest(200, false).failure, PsaTestFailure::kNone);
  EXPECT_EQ(JudgePsaTest(401, false).failure,
            PsaTestFailure::kCredentialsRejected);
  EXPECT_EQ(JudgePsaTest(403, false).failure,
            PsaTestFailure::kCredentialsRejected);
  EXPECT_EQ(JudgePsaTest(404, false).failure, PsaTestFailure::kBoardNotFound);
  EXPECT_EQ(JudgePsaTest(429, false).failure, PsaTestFailure::kThrottled);
  EXPECT_EQ(JudgePsaTest(502, false).failure, PsaTestFailure::kPsaError);
  EXPECT_EQ(JudgePsaTest(0, true).failure, PsaTestFailure::kUnreachable);
  EXPECT_EQ(JudgePsaTest(409, false).failure, PsaTestFailure::kRejected);
}

}  // namespace psa_settings_test
}  // namespace cordon::core
