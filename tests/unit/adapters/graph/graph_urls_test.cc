#include "server/adapters/graph/graph_urls.h"

#include "gtest/gtest.h"

namespace cordon::adapters::graph {
namespace graph_urls_test {

TEST(EncodePathSegmentTest, KeepsUnreservedAndAt) {
  EXPECT_EQ(EncodePathSegment("megan.bowen_1-x~@contoso.com"),
            "megan.bowen_1-x~@contoso.com");
}

TEST(EncodePathSegmentTest, EncodesEverythingThatCouldLeaveTheSegment) {
  EXPECT_EQ(EncodePathSegment("a/b?c#d e%f+g'h"),
            "a%2Fb%3Fc%23d%20e%25f%2Bg%27h");
  EXPECT_EQ(EncodePathSegment("r=\xC3\xA9"), "r%3D%C3%A9");
}

TEST(EncodePathSegmentTest, EncodesDotSegments) {
  EXPECT_EQ(EncodePathSegment(".."), "%2E%2E");
  EXPECT_EQ(EncodePathSegment("."), "%2E");
  EXPECT_EQ(EncodePathSegment("a..b"), "a..b");
}

TEST(GraphUrlsTest, BuildsTheCallsUrls) {
  const GraphUrls urls("https://graph.example/v1.0/");
  EXPECT_EQ(urls.User("u@x"),
            "https://graph.example/v1.0/users/u@x?$select=id,"
            "userPrincipalName,accountEnabled,onPremisesSyncEnabled,"
            "usageLocation");
  EXPECT_EQ(urls.RevokeSignInSessions("a/b@x"),
            "https://graph.example/v1.0/users/a%2Fb@x/revokeSignInSessions");
  EXPECT_EQ(urls.InboxRule("u@x", "AQ+/="),
            "https://graph.example/v1.0/users/u@x/mailFolders/inbox/"
            "messageRules/AQ%2B%2F%3D");
  EXPECT_EQ(urls.WellKnownFolder("u@x", "junkemail"),
            "https://graph.example/v1.0/users/u@x/mailFolders/junkemail"
            "?$select=id");
  EXPECT_EQ(urls.Domains(), "https://graph.example/v1.0/domains");
}

TEST(GraphUrlsTest, FollowsOnlyLinksBelowTheBase) {
  const GraphUrls urls("https://graph.example/v1.0");
  EXPECT_TRUE(urls.IsBelowBase("https://graph.example/v1.0/domains?x=1"));
  EXPECT_FALSE(urls.IsBelowBase("https://graph.example/v1.0evil/domains"));
  EXPECT_FALSE(urls.IsBelowBase("https://evil.example/v1.0/domains"));
}

}  // namespace graph_urls_test
}  // namespace cordon::adapters::graph
