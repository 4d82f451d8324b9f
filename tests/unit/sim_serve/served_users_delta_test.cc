// ISO-12 over real HTTPS: RestGraph::ReadUsersDeltaPage against the served
// GET /users/delta reads the World's users page by page, follows the links
// it hands out (https URLs on the served host), sees changes and deletions
// in the next round, and starts over when the World expires the tokens.

#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "server/core/isolation/graph_error.h"
#include "tests/unit/sim_serve/served_graph_fixture.h"

namespace cordon::sim::serve::testing {
namespace served_users_delta_test {

constexpr char kPaged[] = "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b";

class ServedUsersDeltaTest : public ServedGraphTest {
 protected:
  void SetUp() override {
    ServedGraphTest::SetUp();
    ASSERT_TRUE(world_
                    .AddTenant({.tenant_id = kPaged,
                                .verified_domains = {"northwind.com"},
                                .delta_page_size = 2})
                    .ok());
    for (const char* upn :
         {"a@northwind.com", "b@northwind.com", "c@northwind.com",
          "d@northwind.com", "e@northwind.com"}) {
      ASSERT_TRUE(world_.AddUser(kPaged, {.upn = upn}).ok());
    }
    Serve();
  }

  // Reads pages from `link` to the end of the round: users by object id,
  // the delta link, the number of pages.
  std::map<std::string, ports::DirectoryUser> Round(std::string link,
                                                    std::string* delta_link,
                                                    int* pages) {
    std::map<std::string, ports::DirectoryUser> users;
    *pages = 0;
    for (int guard = 0; guard < 20; ++guard) {
      ports::UsersDeltaPage page;
      const core::GraphCallOutcome outcome =
          graph_->ReadUsersDeltaPage(kPaged, link, &page);
      EXPECT_EQ(outcome.http_status, 200) << outcome.error_code;
      if (outcome.http_status != 200) break;
      ++*pages;
      for (const ports::DirectoryUser& user : page.users) {
        users[user.object_id] = user;
      }
      EXPECT_NE(page.next_link.empty(), page.delta_link.empty());
      if (!page.delta_link.empty()) {
        *delta_link = page.delta_link;
        break;
      }
      EXPECT_TRUE(absl::StartsWith(page.next_link, server_->GraphBaseUrl()))
          << page.next_link;
      link = page.next_link;
    }
    return users;
  }
};

TEST_F(ServedUsersDeltaTest, Iso12FullRoundReadsEveryUserInPages) {
  std::string delta_link;
  int pages = 0;
  const auto users = Round("", &delta_link, &pages);
  EXPECT_EQ(pages, 3);  // 5 users, 2 per page
  ASSERT_EQ(users.size(), 5u);
  const std::string id = *world_.ObjectId(kPaged, "c@northwind.com");
  ASSERT_TRUE(users.count(id));
  EXPECT_EQ(users.at(id).upn, "c@northwind.com");
  EXPECT_EQ(users.at(id).account_enabled, true);
  EXPECT_TRUE(absl::StartsWith(delta_link, server_->GraphBaseUrl()));
  EXPECT_EQ(CountLogged("/v1.0/users/delta"), 3);
}

TEST_F(ServedUsersDeltaTest, Iso12NextRoundHasOnlyChangesAndRemovals) {
  std::string delta_link;
  int pages = 0;
  Round("", &delta_link, &pages);
  const std::string deleted = *world_.ObjectId(kPaged, "d@northwind.com");
  ASSERT_EQ(
      world_.AdminRenameUser(kPaged, "a@northwind.com", "z@northwind.com"),
      WorldResult::kDone);
  ASSERT_EQ(world_.AdminDeleteUser(kPaged, "d@northwind.com"),
            WorldResult::kDone);
  std::string next_delta;
  const auto changed = Round(delta_link, &next_delta, &pages);
  ASSERT_EQ(changed.size(), 2u);
  const std::string renamed = *world_.ObjectId(kPaged, "z@northwind.com");
  EXPECT_EQ(changed.at(renamed).upn, "z@northwind.com");
  EXPECT_TRUE(changed.at(deleted).removed);
  EXPECT_NE(next_delta, delta_link);
  EXPECT_TRUE(Round(next_delta, &delta_link, &pages).empty());
}

TEST_F(ServedUsersDeltaTest, Iso12ExpiredTokenAsksForAFullResync) {
  std::string delta_link;
  int pages = 0;
  Round("", &delta_link, &pages);
  ASSERT_TRUE(world_.ExpireDeltaTokens(kPaged).ok());
  ports::UsersDeltaPage page;
  const core::GraphCallOutcome outcome =
      graph_->ReadUsersDeltaPage(kPaged, delta_link, &page);
  EXPECT_EQ(outcome.http_status, 410);
  EXPECT_TRUE(page.resync_required);
  EXPECT_EQ(Round("", &delta_link, &pages).size(), 5u);
}

TEST_F(ServedUsersDeltaTest, Iso12ForgedTokenIs400AndChangesNothing) {
  const auto answer =
      Raw(adapters::http::HttpMethod::kGet,
          "/v1.0/users/delta()?$skiptoken=next:x", TokenOf(kPaged));
  EXPECT_EQ(answer.status, 400);
  const auto both =
      Raw(adapters::http::HttpMethod::kGet,
          "/v1.0/users/delta?$skiptoken=delta:1&$deltatoken=delta:1",
          TokenOf(kPaged));
  EXPECT_EQ(both.status, 400);
  EXPECT_EQ(
      Raw(adapters::http::HttpMethod::kGet, "/v1.0/users/delta", "").status,
      401);
}

}  // namespace served_users_delta_test
}  // namespace cordon::sim::serve::testing
