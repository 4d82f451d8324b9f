// The served request log tells a disable from a re-enable by the PATCH
// body's switches (ISO-3 disables, ISO-4 re-enables, ISO-5 leaves rules
// off), so process tests need not infer it from the order of paths.

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "server/core/isolation/graph_error.h"
#include "simulator/serve/request_log.h"
#include "tests/unit/sim_serve/served_graph_fixture.h"

namespace cordon::sim::serve::testing {
namespace served_request_log_test {

using Switches = std::map<std::string, bool>;

// The PATCH entries' switches, in order.
std::vector<Switches> PatchSwitches(const std::vector<LoggedRequest>& log) {
  std::vector<Switches> patches;
  for (const LoggedRequest& entry : log) {
    if (entry.method == "PATCH") patches.push_back(entry.patch);
  }
  return patches;
}

TEST_F(ServedGraphTest, Iso3Iso4LogSaysWhetherAPatchDisablesOrEnables) {
  Serve();
  ASSERT_EQ(graph_->SetAccountEnabled(Megan(), false).http_status, 204);
  ASSERT_EQ(
      graph_->SetInboxRuleEnabled(Megan(), "r-forward", false).http_status /
          100,
      2);
  ASSERT_EQ(graph_->SetAccountEnabled(Megan(), true).http_status, 204);
  EXPECT_EQ(PatchSwitches(Logged()),
            (std::vector<Switches>{{{"accountEnabled", false}},
                                   {{"isEnabled", false}},
                                   {{"accountEnabled", true}}}));
  // Reads carry none; the JSON line names the switch.
  const std::vector<LoggedRequest> log = Logged();
  EXPECT_TRUE(log.front().patch.empty());  // the token request
  const nlohmann::json line =
      nlohmann::json::parse(server_->request_log().ToJson());
  bool found = false;
  for (const nlohmann::json& entry : line["requests"]) {
    if (entry["method"] == "PATCH" && entry["patch"].contains("isEnabled")) {
      found = entry["patch"]["isEnabled"] == false;
    }
  }
  EXPECT_TRUE(found) << line.dump();
}

// Only the known switches, only booleans, only PATCH: never anything else of
// a body (DESIGN rule 7).
TEST(LoggedPatchValuesTest, KeepsOnlyTheKnownBooleanSwitches) {
  EXPECT_EQ(LoggedPatchValues(
                "PATCH", R"({"accountEnabled":false,"passwordProfile":{}})"),
            (Switches{{"accountEnabled", false}}));
  EXPECT_EQ(LoggedPatchValues("PATCH", R"({"isEnabled":true})"),
            (Switches{{"isEnabled", true}}));
  EXPECT_EQ(LoggedPatchValues("PATCH", R"({"accountEnabled":"false"})"),
            Switches{});
  EXPECT_EQ(LoggedPatchValues("PATCH", "not json"), Switches{});
  EXPECT_EQ(LoggedPatchValues("PATCH", "[true]"), Switches{});
  EXPECT_EQ(LoggedPatchValues("POST", R"({"accountEnabled":false})"),
            Switches{});
}

}  // namespace served_request_log_test
}  // namespace cordon::sim::serve::testing
