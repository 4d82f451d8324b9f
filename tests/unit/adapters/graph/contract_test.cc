// Every documented answer in tests/contract/graph/ parses to what it says,
// and classifies as ISO-11 requires given the status and headers the
// manifest records for it.

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "server/adapters/graph/domain_json.h"
#include "server/adapters/graph/graph_error_json.h"
#include "server/adapters/graph/graph_headers.h"
#include "server/adapters/graph/message_rule_json.h"
#include "server/adapters/graph/token_json.h"
#include "server/adapters/graph/user_json.h"
#include "server/core/isolation/error_class.h"
#include "server/core/isolation/graph_error.h"
#include "server/core/isolation/inbox_rule.h"
#include "tests/unit/adapters/graph/contract_files.h"

namespace cordon::adapters::graph {
namespace contract_test {

using ::cordon::adapters::graph::testing::ContractDir;
using ::cordon::adapters::graph::testing::ReadContractFile;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// What manifest.json records for one answer.
struct Answer {
  int status = 0;
  nlohmann::json headers = nlohmann::json::object();
};

Answer ManifestEntry(absl::string_view file) {
  const nlohmann::json manifest = nlohmann::json::parse(
      ReadContractFile("manifest.json"), nullptr, /*allow_exceptions=*/false);
  if (manifest.is_object() && manifest.contains("answers")) {
    for (const nlohmann::json& entry : manifest["answers"]) {
      if (entry.value("file", "") == file) {
        return {entry.value("status", 0),
                entry.value("headers", nlohmann::json::object())};
      }
    }
  }
  ADD_FAILURE() << file << " is not in manifest.json";
  return {};
}

std::string Header(const Answer& answer, const std::string& name) {
  return answer.headers.value(name, "");
}

// The outcome the adapter will build from a Graph error answer.
core::GraphCallOutcome GraphOutcome(absl::string_view file) {
  const Answer answer = ManifestEntry(file);
  core::GraphCallOutcome outcome;
  outcome.http_status = answer.status;
  outcome.retry_after =
      ParseRetryAfter(Header(answer, "Retry-After"), absl::UnixEpoch());
  const absl::StatusOr<GraphError> error =
      ParseGraphError(ReadContractFile(file));
  EXPECT_TRUE(error.ok()) << error.status();
  if (error.ok()) outcome.error_code = error->code;
  return outcome;
}

TEST(GraphContractTest, ManifestListsExactlyTheBodyFilesOfTheFolder) {
  std::set<std::string> in_folder;
  for (const auto& entry : std::filesystem::directory_iterator(ContractDir())) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() == ".json" && name != "manifest.json") {
      in_folder.insert(name);
    }
  }
  std::set<std::string> in_manifest;
  const nlohmann::json manifest = nlohmann::json::parse(
      ReadContractFile("manifest.json"), nullptr, /*allow_exceptions=*/false);
  ASSERT_TRUE(manifest.is_object());
  for (const nlohmann::json& entry : manifest["answers"]) {
    in_manifest.insert(entry.value("file", ""));
  }
  EXPECT_EQ(in_folder, in_manifest);
}

TEST(GraphContractTest, TokenSuccessGivesTheBearerTokenAndItsLifetime) {
  const absl::StatusOr<AccessToken> token =
      ParseTokenResponse(ReadContractFile("token_success.json"));
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_THAT(token->access_token, ::testing::StartsWith("eyJ0eXAiOiJKV1Qi"));
  EXPECT_EQ(token->expires_in, absl::Seconds(3599));
}

struct TokenErrorCase {
  const char* file;
  const char* error;
  const char* aadsts;
};

// ISO-11 / ESC-2: the AADSTS code comes from the structured error_codes.
TEST(GraphContractTest, Iso11EveryTokenErrorNamesItsAadstsCode) {
  const TokenErrorCase cases[] = {
      {"token_error_invalid_secret.json", "invalid_client", "AADSTS7000215"},
      {"token_error_secret_expired.json", "invalid_client", "AADSTS7000222"},
      {"token_error_app_not_found.json", "unauthorized_client", "AADSTS700016"},
      {"token_error_assertion_invalid.json", "invalid_client", "AADSTS700027"},
      {"token_error_app_disabled.json", "unauthorized_client", "AADSTS7000112"},
      {"token_error_tenant_not_found.json", "invalid_request", "AADSTS90002"},
  };
  for (const TokenErrorCase& c : cases) {
    SCOPED_TRACE(c.file);
    const absl::StatusOr<TokenError> error =
        ParseTokenError(ReadContractFile(c.file));
    ASSERT_TRUE(error.ok()) << error.status();
    EXPECT_EQ(error->error, c.error);
    EXPECT_EQ(error->aadsts_code, c.aadsts);
    EXPECT_EQ(core::FindAadstsCode(error->description), c.aadsts);
    EXPECT_FALSE(error->trace_id.empty());
    EXPECT_FALSE(error->correlation_id.empty());
    // No retry fixes a token error; only the customer can.
    core::GraphCallOutcome outcome;
    outcome.http_status = ManifestEntry(c.file).status;
    outcome.aadsts_code = error->aadsts_code;
    EXPECT_FALSE(core::IsRetryable(core::ClassifyGraphOutcome(outcome)));
  }
}

TEST(GraphContractTest, Iso11RevokedSecretOrConsentMakesTheTenantInaccessible) {
  for (const char* file :
       {"token_error_invalid_secret.json", "token_error_secret_expired.json",
        "token_error_app_not_found.json",
        "token_error_tenant_not_found.json"}) {
    SCOPED_TRACE(file);
    core::GraphCallOutcome outcome;
    outcome.http_status = ManifestEntry(file).status;
    outcome.aadsts_code = ParseTokenError(ReadContractFile(file))->aadsts_code;
    EXPECT_EQ(core::ClassifyGraphOutcome(outcome),
              core::ErrorClass::kTenantInaccessible);
  }
}

struct GraphErrorCase {
  const char* file;
  const char* code;
  core::ErrorClass error_class;
};

TEST(GraphContractTest, Iso11GraphErrorsClassifyByStatusHeadersAndCode) {
  const GraphErrorCase cases[] = {
      {"graph_error_throttled.json", "TooManyRequests",
       core::ErrorClass::kThrottled},
      {"graph_error_throttled_mailbox.json", "ApplicationThrottled",
       core::ErrorClass::kThrottled},
      {"graph_error_service_unavailable.json", "serviceNotAvailable",
       core::ErrorClass::kThrottled},
      {"graph_error_concurrency.json", "Directory_ConcurrencyViolation",
       core::ErrorClass::kRetryable},
      {"graph_error_forbidden.json", "Authorization_RequestDenied",
       core::ErrorClass::kPermanent},
      {"graph_error_not_found.json", "Request_ResourceNotFound",
       core::ErrorClass::kPermanent},
      {"graph_error_mailbox_not_enabled.json", "MailboxNotEnabledForRESTAPI",
       core::ErrorClass::kPermanent},
      {"delta_token_expired.json", "syncStateNotFound",
       core::ErrorClass::kPermanent},
  };
  for (const GraphErrorCase& c : cases) {
    SCOPED_TRACE(c.file);
    const core::GraphCallOutcome outcome = GraphOutcome(c.file);
    EXPECT_EQ(outcome.error_code, c.code);
    EXPECT_EQ(core::ClassifyGraphOutcome(outcome), c.error_class);
  }
}

TEST(GraphContractTest, GraphErrorKeepsTheDiagnosticsForTheRecord) {
  const absl::StatusOr<GraphError> error =
      ParseGraphError(ReadContractFile("graph_error_throttled.json"));
  ASSERT_TRUE(error.ok()) << error.status();
  EXPECT_EQ(error->request_id, "c4b1e7d2-5a36-4f0e-9d18-2b7c6a5e4f31");
  EXPECT_EQ(error->client_request_id, "c4b1e7d2-5a36-4f0e-9d18-2b7c6a5e4f31");
  EXPECT_EQ(error->date, "2026-12-07T09:21:10");
  EXPECT_THAT(error->inner_codes, ElementsAre("429"));
  EXPECT_FALSE(error->message.empty());
}

TEST(GraphContractTest, DirectoryThrottleHoldsBackTheWholeTenant) {
  const Answer answer = ManifestEntry("graph_error_throttled.json");
  const ThrottleScope scope =
      ParseThrottleScope(Header(answer, "x-ms-throttle-scope"));
  EXPECT_EQ(scope.kind, ThrottleScopeKind::kTenantApplication);
  EXPECT_TRUE(ThrottlesWholeTenant(scope));
  EXPECT_EQ(scope.limit, "ReadWrite");
  EXPECT_EQ(scope.resource_id, "0b7e4c3a-9d21-4f6e-8a5b-1c2d3e4f5a6b");
  EXPECT_EQ(ParseRetryAfter(Header(answer, "Retry-After"), absl::Now()),
            absl::Seconds(10));
}

TEST(GraphContractTest, Iso12ExpiredOrResetDeltaTokenRequiresAFullSync) {
  for (const char* file :
       {"delta_token_expired.json", "delta_resync_required.json"}) {
    SCOPED_TRACE(file);
    const absl::StatusOr<GraphError> error =
        ParseGraphError(ReadContractFile(file));
    ASSERT_TRUE(error.ok()) << error.status();
    EXPECT_TRUE(RequiresFullDeltaSync(ManifestEntry(file).status, *error));
  }
  EXPECT_FALSE(RequiresFullDeltaSync(
      404, *ParseGraphError(ReadContractFile("graph_error_not_found.json"))));
}

TEST(GraphContractTest, Iso3MailboxNotEnabledMeansNoMailboxToProtect) {
  EXPECT_TRUE(core::HasNoReachableMailbox(
      GraphOutcome("graph_error_mailbox_not_enabled.json")));
  EXPECT_FALSE(
      core::HasNoReachableMailbox(GraphOutcome("graph_error_forbidden.json")));
}

TEST(GraphContractTest, Iso9HybridUserReadsAsSyncedFromOnPremises) {
  const absl::StatusOr<ports::GraphUser> user =
      ParseUser(ReadContractFile("user.json"));
  ASSERT_TRUE(user.ok()) << user.status();
  EXPECT_TRUE(user->account_enabled);
  EXPECT_TRUE(user->on_premises_sync_enabled);
  EXPECT_EQ(user->usage_location, "DE");
}

TEST(GraphContractTest, CloudOnlyUserNullsReadAsNotSyncedAndNoLocation) {
  const absl::StatusOr<ports::GraphUser> user =
      ParseUser(ReadContractFile("user_cloud_only.json"));
  ASSERT_TRUE(user.ok()) << user.status();
  EXPECT_FALSE(user->on_premises_sync_enabled);
  EXPECT_EQ(user->usage_location, "");
  EXPECT_FALSE(user->account_enabled);
}

TEST(GraphContractTest, Iso12FirstDeltaPageHasUsersAndANextLinkOnly) {
  const absl::StatusOr<ports::UsersDeltaPage> page =
      ParseUsersDeltaPage(ReadContractFile("users_delta_page.json"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->next_link, ::testing::HasSubstr("$skiptoken="));
  EXPECT_THAT(page->delta_link, IsEmpty());
  ASSERT_EQ(page->users.size(), 3u);
  EXPECT_FALSE(page->users[0].removed);
  EXPECT_EQ(page->users[0].on_premises_sync_enabled, true);
  EXPECT_EQ(page->users[1].on_premises_sync_enabled, false);
  EXPECT_EQ(page->users[2].account_enabled, false);
  EXPECT_EQ(page->users[2].usage_location, "");
}

// ISO-12: keyed by object id, so a renamed UPN is the same identity; a
// removed user (soft-deleted or deleted for good) is marked deleted; an
// absent property is "unchanged".
TEST(GraphContractTest, Iso12LastDeltaPageCarriesRenamesRemovalsAndADeltaLink) {
  const absl::StatusOr<ports::UsersDeltaPage> page =
      ParseUsersDeltaPage(ReadContractFile("users_delta_last_page.json"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->delta_link, ::testing::HasSubstr("$deltatoken="));
  EXPECT_THAT(page->next_link, IsEmpty());
  ASSERT_EQ(page->users.size(), 4u);
  const ports::DirectoryUser& renamed = page->users[0];
  EXPECT_EQ(renamed.object_id, "5b2e9c7a-3f18-4d60-a4b9-1e7c0d2f8a35");
  EXPECT_EQ(renamed.upn, "alex.wilber-renamed@contoso.com");
  EXPECT_EQ(renamed.account_enabled, false);
  const ports::DirectoryUser& minimal = page->users[1];
  EXPECT_EQ(minimal.usage_location, "FR");
  EXPECT_EQ(minimal.upn, absl::nullopt);
  EXPECT_EQ(minimal.account_enabled, absl::nullopt);
  EXPECT_EQ(minimal.on_premises_sync_enabled, absl::nullopt);
  EXPECT_TRUE(page->users[2].removed);
  EXPECT_EQ(page->users[2].object_id, "c7f2a0e4-9d35-4b18-a6c2-3e8f1b5d7a90");
  EXPECT_TRUE(page->users[3].removed);
}

TEST(GraphContractTest, Iso3OnlyVerifiedDomainsAreTheTenants) {
  const absl::StatusOr<DomainsPage> domains =
      ParseDomains(ReadContractFile("domains.json"));
  ASSERT_TRUE(domains.ok()) << domains.status();
  EXPECT_THAT(
      domains->verified_domains,
      ElementsAre("contoso.com", "contoso.onmicrosoft.com", "eu.contoso.com"));
  EXPECT_THAT(domains->next_link, IsEmpty());
}

TEST(GraphContractTest, MessageRulesMapToInboxRulesWithTheirFolderIds) {
  const absl::StatusOr<MessageRulesPage> page =
      ParseMessageRules(ReadContractFile("message_rules.json"));
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->rules.size(), 6u);
  const core::InboxRule& forward = page->rules[0].rule;
  EXPECT_EQ(forward.id, "AQAAAJ5dZp8=");
  EXPECT_EQ(forward.display_name, "Copy to personal");
  EXPECT_THAT(forward.actions.forward_to,
              ElementsAre("megan.b.backup@mail.example"));
  EXPECT_THAT(forward.actions.forward_as_attachment_to,
              ElementsAre("archive@contoso.com"));
  EXPECT_THAT(page->rules[1].rule.actions.redirect_to,
              ElementsAre("treasury-desk@finance-partner.example"));
  const MessageRuleRecord& hide = page->rules[2];
  EXPECT_TRUE(hide.rule.actions.mark_as_read);
  EXPECT_THAT(hide.move_to_folder_id, ::testing::StartsWith("AAMkADVhNWE0"));
  EXPECT_EQ(hide.rule.actions.move_to_folder, core::WellKnownFolder::kOther);
  const core::InboxRule& drop = page->rules[3].rule;
  EXPECT_FALSE(drop.is_enabled);
  EXPECT_TRUE(drop.actions.delete_message);
  EXPECT_TRUE(drop.actions.permanent_delete);
  EXPECT_TRUE(page->rules[4].rule.is_read_only);
  EXPECT_EQ(page->rules[5].move_to_folder_id, "");
  EXPECT_EQ(page->rules[5].rule.actions.move_to_folder,
            core::WellKnownFolder::kNone);
}

// ISO-3 end to end on the documented shapes: the tenant's verified domains
// and the resolved folders decide which rules isolation disables.
TEST(GraphContractTest, Iso3SuspiciousRulesOfTheContractMailbox) {
  const std::vector<std::string> domains =
      ParseDomains(ReadContractFile("domains.json"))->verified_domains;
  MessageRulesPage page =
      *ParseMessageRules(ReadContractFile("message_rules.json"));
  WellKnownFolderIds folders;
  folders.rss_feeds = page.rules[2].move_to_folder_id;
  std::vector<std::string> verdicts;
  for (MessageRuleRecord& record : page.rules) {
    ResolveMoveToFolder(folders, &record);
    const core::RuleSuspicion suspicion =
        core::ClassifyInboxRule(record.rule, domains, {});
    verdicts.push_back(suspicion.ToString());
  }
  EXPECT_THAT(verdicts,
              ElementsAre("FORWARDS_OUTSIDE_TENANT", "REDIRECTS_OUTSIDE_TENANT",
                          "HIDES_MAIL", "DELETES_MAIL", "", ""));
}

}  // namespace contract_test
}  // namespace cordon::adapters::graph
