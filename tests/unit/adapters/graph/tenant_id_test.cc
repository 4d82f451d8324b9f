#include "server/adapters/graph/tenant_id.h"

#include <string>

#include "gtest/gtest.h"

namespace cordon::adapters::graph {
namespace {

TEST(TenantIdTest, AcceptsGuidsAndDomainNames) {
  EXPECT_TRUE(IsValidTenantId("0b7e4c3a-9d21-4f6e-8a5b-1c2d3e4f5a6b"));
  EXPECT_TRUE(IsValidTenantId("contoso.onmicrosoft.com"));
  EXPECT_TRUE(IsValidTenantId("fabrikam-eu.com"));
}

TEST(TenantIdTest, RefusesWhatCouldChangeTheUrl) {
  for (const char* bad :
       {"", "a/b", "a?x=1", "a#b", "a%2Fb", "a b", "a\tb", "a\n", "..",
        "../common", "a..b", ".a", "a.", "-a", "a-", "a_b", "a:443", "a@b"}) {
    EXPECT_FALSE(IsValidTenantId(bad)) << bad;
  }
}

TEST(TenantIdTest, RefusesOverlongNamesAndLabels) {
  EXPECT_FALSE(IsValidTenantId(std::string(64, 'a')));
  EXPECT_TRUE(IsValidTenantId(std::string(63, 'a')));
  std::string long_name;
  for (int i = 0; i < 64; ++i) long_name += "abc.";
  long_name += "com";
  EXPECT_FALSE(IsValidTenantId(long_name));
}

}  // namespace
}  // namespace cordon::adapters::graph
