#include "server/core/version.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace cordon::core {
namespace version_test {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Version V(absl::string_view text) {
  absl::StatusOr<Version> v = ParseVersion(text);
  EXPECT_TRUE(v.ok()) << text << ": " << v.status();
  return v.ok() ? *v : Version{};
}

int Compare(absl::string_view a, absl::string_view b) {
  return CompareVersions(V(a), V(b));
}

// --- Parsing ----------------------------------------------------------------

TEST(ParseVersionTest, ParsesOneToFourComponents) {
  EXPECT_THAT(V("7").components, ElementsAre(7u));
  EXPECT_THAT(V("0.14").components, ElementsAre(0u, 14u));
  EXPECT_THAT(V("0.14.22").components, ElementsAre(0u, 14u, 22u));
  EXPECT_THAT(V("10.0.19041.1").components, ElementsAre(10u, 0u, 19041u, 1u));
}

TEST(ParseVersionTest, AllowsLeadingZeros) {
  EXPECT_THAT(V("0.014").components, ElementsAre(0u, 14u));
  EXPECT_THAT(V("000.000000022").components, ElementsAre(0u, 22u));
}

// Nine digits always fit a uint32_t, so the largest component parses exactly
// and ten digits are rejected before any arithmetic could overflow.
TEST(ParseVersionTest, ComponentsAreAtMostNineDigits) {
  EXPECT_THAT(V("999999999.999999999").components,
              ElementsAre(999999999u, 999999999u));
  for (absl::string_view text : {"1234567890", "0.14.1234567890", "4294967296",
                                 "99999999999999999999"}) {
    absl::StatusOr<Version> v = ParseVersion(text);
    ASSERT_FALSE(v.ok()) << text;
    EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(v.status().message(), HasSubstr("9 digits")) << text;
  }
}

TEST(ParseVersionTest, AtMostFourComponents) {
  EXPECT_TRUE(ParseVersion("1.2.3.4").ok());
  absl::StatusOr<Version> v = ParseVersion("1.2.3.4.5");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(v.status().message(), HasSubstr("more than 4"));
}

TEST(ParseVersionTest, RejectsMalformedText) {
  for (absl::string_view text : {
           "",            // empty
           ".",           // only a dot
           "0.14.",       // trailing dot
           ".0.14",       // leading dot
           "0..14",       // empty middle component
           "+1.0",        // sign
           "-1.0",        // sign
           "1.-2",        // sign inside
           " 0.14.22",    // leading space
           "0.14.22 ",    // trailing space
           "0. 14",       // inner space
           "v0.14.22",    // prefix
           "0.14.22-rc",  // suffix
           "0.14.22+b1",  // build metadata
           "0,14,22",     // wrong separator
           "abc",         // not a number
           "1e3",         // not decimal
           "0x10",        // not decimal
           "\xD9\xA1",    // Arabic-Indic digit one: a digit, but not ASCII
       }) {
    absl::StatusOr<Version> v = ParseVersion(text);
    EXPECT_FALSE(v.ok()) << '"' << text << '"';
    if (!v.ok()) {
      EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument) << text;
    }
  }
}

TEST(FormatVersionTest, JoinsComponentsWithoutLeadingZeros) {
  EXPECT_EQ(FormatVersion(V("0.14.22")), "0.14.22");
  EXPECT_EQ(FormatVersion(V("0.014")), "0.14");
  EXPECT_EQ(FormatVersion(Version{}), "");
}

// --- Comparison -------------------------------------------------------------

// ISO-9: numeric, component by component, not lexicographic: "0.14.3" sorts
// before "0.14.22" although "3" > "2" as text.
TEST(CompareVersionsTest, ComparesNumericallyNotLexically) {
  EXPECT_LT(Compare("0.14.3", "0.14.22"), 0);
  EXPECT_LT(Compare("0.14.22", "0.15.0"), 0);
  EXPECT_LT(Compare("0.15.0", "1.0"), 0);
  EXPECT_LT(Compare("0.9", "0.10"), 0);
  EXPECT_LT(Compare("2", "10"), 0);
  EXPECT_GT(Compare("0.14.22", "0.14.3"), 0);
  EXPECT_GT(Compare("1.0", "0.999999999.999999999"), 0);
}

// ISO-9: a missing component counts as 0.
TEST(CompareVersionsTest, MissingComponentsCountAsZero) {
  EXPECT_EQ(Compare("1.0", "1.0.0"), 0);
  EXPECT_EQ(Compare("1", "1.0.0.0"), 0);
  EXPECT_EQ(Compare("1.0.0.0", "1"), 0);
  EXPECT_LT(Compare("1", "1.0.0.1"), 0);
  EXPECT_GT(Compare("1.0.0.1", "1"), 0);
  EXPECT_EQ(CompareVersions(Version{}, V("0.0")), 0);
}

TEST(CompareVersionsTest, LeadingZerosDoNotMatter) {
  EXPECT_EQ(Compare("0.014", "0.14"), 0);
  EXPECT_EQ(Compare("00.14.022", "0.14.22"), 0);
}

TEST(CompareVersionsTest, IsAntisymmetricAndTransitive) {
  const std::vector<std::string> ascending = {
      "0",       "0.0.1",   "0.9",       "0.10",     "0.14.3",
      "0.14.21", "0.14.22", "0.14.22.1", "0.15.0",   "1.0",
      "1.0.0.1", "2",       "10",        "999999999"};
  for (size_t i = 0; i < ascending.size(); ++i) {
    EXPECT_EQ(Compare(ascending[i], ascending[i]), 0) << ascending[i];
    for (size_t j = i + 1; j < ascending.size(); ++j) {
      EXPECT_LT(Compare(ascending[i], ascending[j]), 0)
          << ascending[i] << " vs " << ascending[j];
      EXPECT_GT(Compare(ascending[j], ascending[i]), 0)
          << ascending[j] << " vs " << ascending[i];
    }
  }
}

TEST(CompareVersionsTest, LargestComponentsCompareWithoutWraparound) {
  // Compared as unsigned values, not by subtraction.
  EXPECT_GT(Compare("999999999", "0"), 0);
  EXPECT_LT(Compare("0", "999999999"), 0);
}

// --- ISO-9 on-prem disable capability ---------------------------------------

TEST(AgentCanDisableOnPremTest, ThresholdIs0_14_22) {  // ISO-9
  EXPECT_STREQ(kMinimumOnPremDisableAgentVersion, "0.14.22");
  EXPECT_TRUE(AgentCanDisableOnPrem("0.14.22"));
  EXPECT_FALSE(AgentCanDisableOnPrem("0.14.21"));
}

TEST(AgentCanDisableOnPremTest, NewerAgentsAreCapable) {  // ISO-9
  for (absl::string_view version :
       {"0.14.22.0", "0.14.22.1", "0.14.23", "0.14.100", "0.15", "0.15.0", "1",
        "1.0", "2.3.4.5", "0.014.022"}) {
    EXPECT_TRUE(AgentCanDisableOnPrem(version)) << version;
  }
}

TEST(AgentCanDisableOnPremTest, OlderAgentsAreNotCapable) {  // ISO-9
  // "0.14.3" > "0.14.22" as text; numerically it is older.
  for (absl::string_view version :
       {"0.14.3", "0.14.21", "0.14.21.999999999", "0.14", "0.13.99", "0.9.99",
        "0", "0.0.0.0"}) {
    EXPECT_FALSE(AgentCanDisableOnPrem(version)) << version;
  }
}

// ISO-9: no agent, or one whose version cannot be read, must not be trusted
// to disable on-prem; isolation then falls back to LIMITED.
TEST(AgentCanDisableOnPremTest, NoAgentOrUnreadableVersionIsNotCapable) {
  for (absl::string_view version :
       {"", "abc", "0.14.22-beta", "v0.14.22", " 0.14.22", "0.14.22.",
        "1.2.3.4.5", "1234567890.0"}) {
    EXPECT_FALSE(AgentCanDisableOnPrem(version)) << '"' << version << '"';
  }
}

}  // namespace version_test
}  // namespace cordon::core
