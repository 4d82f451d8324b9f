// OrganizationService over a real loopback channel: tenant binding, hybrid
// directories (ISO-9), the organization-wide exclusion (ISO-7), tenancy
// (TEN-1) and the AIP conventions (etag, request_id, field masks, paging).

#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "cordon/v1/user.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/resource_name.h"
#include "server/store/keys.h"
#include "server/store/transaction.h"
#include "tests/support/api_client.h"
#include "tests/support/status_details.h"
#include "tests/support/test_server.h"

namespace cordon {
namespace organization_service_test {

using ::testing::HasSubstr;
using v1::Organization;

class OrganizationServiceTest : public ::testing::Test {
 protected:
  std::unique_ptr<grpc::ClientContext> Soc() { return api_.Soc(); }

  std::string NewAccount(const std::string& display_name = "Contoso MSP") {
    return api_.CreateAccount(display_name);
  }

  grpc::Status Create(const std::string& parent, const Organization& input,
                      Organization* out, const std::string& request_id = "",
                      const std::string& token = "") {
    v1::CreateOrganizationRequest request;
    request.set_parent(parent);
    *request.mutable_organization() = input;
    request.set_request_id(request_id);
    return api_.organizations().CreateOrganization(
        testing::TestServer::Context(token.empty() ? server_.bootstrap_token()
                                                   : token)
            .get(),
        request, out);
  }

  Organization MustCreateFrom(const std::string& parent,
                              const Organization& input) {
    Organization out;
    grpc::Status status = Create(parent, input, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  Organization MustCreate(const std::string& parent,
                          const std::string& display_name,
                          bool excluded = false) {
    Organization input;
    input.set_display_name(display_name);
    input.set_excluded_from_isolation(excluded);
    return MustCreateFrom(parent, input);
  }

  // An organization bound to the Microsoft 365 tenant `tenant`.
  Organization MustCreateBound(const std::string& parent,
                               const std::string& display_name,
                               const std::string& tenant) {
    Organization input;
    input.set_display_name(display_name);
    input.set_m365_tenant_id(tenant);
    return MustCreateFrom(parent, input);
  }

  grpc::Status Get(const std::string& name, Organization* out,
                   const std::string& token = "") {
    v1::GetOrganizationRequest request;
    request.set_name(name);
    return api_.organizations().GetOrganization(
        testing::TestServer::Context(token.empty() ? server_.bootstrap_token()
                                                   : token)
            .get(),
        request, out);
  }

  grpc::Status List(const v1::ListOrganizationsRequest& request,
                    v1::ListOrganizationsResponse* out,
                    const std::string& token = "") {
    return api_.organizations().ListOrganizations(
        testing::TestServer::Context(token.empty() ? server_.bootstrap_token()
                                                   : token)
            .get(),
        request, out);
  }

  grpc::Status Update(const Organization& patch, const std::string& path,
                      Organization* out) {
    v1::UpdateOrganizationRequest request;
    *request.mutable_organization() = patch;
    request.mutable_update_mask()->add_paths(path);
    return api_.organizations().UpdateOrganization(Soc().get(), request, out);
  }

  grpc::Status Delete(const std::string& name, const std::string& etag = "") {
    v1::DeleteOrganizationRequest request;
    request.set_name(name);
    request.set_etag(etag);
    v1::DeleteOrganizationResponse response;
    return api_.organizations().DeleteOrganization(Soc().get(), request,
                                                   &response);
  }

  int CountOrganizations(const std::string& parent) {
    v1::ListOrganizationsRequest request;
    request.set_parent(parent);
    v1::ListOrganizationsResponse response;
    EXPECT_TRUE(List(request, &response).ok());
    return response.organizations_size();
  }

  // A key acting as a user of `account` with `role`. The user is written
  // straight into the store, so these tests do not depend on UserService.
  std::string KeyFor(const std::string& account, v1::Role role,
                     const std::string& organization = "") {
    const uint64_t account_id = core::ParseAccountName(account)->account;
    const uint64_t user_id = next_user_id_++;
    v1::User user;
    user.set_name(core::UserName{account_id, user_id}.ToString());
    user.set_email(absl::StrCat("user", user_id, "@example.com"));
    user.set_display_name("Test user");
    user.set_role(role);
    user.set_organization(organization);
    std::unique_ptr<store::Transaction> txn = server_.database().Begin();
    txn->Put(store::Family::kUsers, store::KeyOf({account_id, user_id}), user);
    EXPECT_TRUE(txn->Commit().ok());
    return api_.KeyFor(user.name(), "test key");
  }

  testing::TestServer server_;
  testing::ApiClient api_{&server_};
  // Far above the ids the server hands out in a test.
  uint64_t next_user_id_ = 1'000'000'000;
};

TEST_F(OrganizationServiceTest, CreateGetListUpdateDelete) {
  const std::string account = NewAccount();
  Organization input;
  input.set_display_name("Fabrikam");
  input.set_m365_tenant_id("0F6E0D8A-3B1C-4E2D-9A8B-7C6D5E4F3A2B");
  input.mutable_on_prem_ad_server()->set_agent_version("0.14.22");
  Organization created;
  ASSERT_TRUE(Create(account, input, &created).ok());
  EXPECT_THAT(created.name(),
              ::testing::StartsWith(account + "/organizations/"));
  // Tenant ids compare case-insensitively; one spelling is stored.
  EXPECT_EQ(created.m365_tenant_id(), "0f6e0d8a-3b1c-4e2d-9a8b-7c6d5e4f3a2b");
  EXPECT_TRUE(created.has_on_prem_ad_server());
  // ISO-15: the agent's version is the agent's to report (output only).
  EXPECT_EQ(created.on_prem_ad_server().agent_version(), "");
  EXPECT_FALSE(created.excluded_from_isolation());
  EXPECT_FALSE(created.etag().empty());
  EXPECT_TRUE(created.has_create_time());

  Organization got;
  ASSERT_TRUE(Get(created.name(), &got).ok());
  EXPECT_EQ(got.SerializeAsString(), created.SerializeAsString());
  EXPECT_EQ(CountOrganizations(account), 1);

  Organization patch;
  patch.set_name(created.name());
  patch.set_display_name("Fabrikam Europe");
  Organization updated;
  ASSERT_TRUE(Update(patch, "display_name", &updated).ok());
  EXPECT_EQ(updated.display_name(), "Fabrikam Europe");
  EXPECT_EQ(updated.m365_tenant_id(), created.m365_tenant_id());
  EXPECT_NE(updated.etag(), created.etag());

  ASSERT_TRUE(Delete(created.name(), updated.etag()).ok());
  EXPECT_EQ(Get(created.name(), &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(CountOrganizations(account), 0);
}

TEST_F(OrganizationServiceTest, BadInputNamesTheFieldAndWritesNothing) {
  const std::string account = NewAccount();
  struct Case {
    std::string field;
    Organization input;
  };
  Case blank{"organization.display_name", {}};
  blank.input.set_display_name("   ");
  Case guid{"organization.m365_tenant_id", {}};
  guid.input.set_display_name("Fabrikam");
  guid.input.set_m365_tenant_id("not-a-guid");
  for (const Case& c : {blank, guid}) {
    Organization out;
    grpc::Status status = Create(account, c.input, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << c.field;
    EXPECT_EQ(testing::BadFieldOf(status), c.field);
  }
  EXPECT_EQ(CountOrganizations(account), 0);

  Organization out;
  EXPECT_EQ(testing::BadFieldOf(Create("accounts/x", guid.input, &out)),
            "parent");
  EXPECT_EQ(testing::BadFieldOf(Get("organizations/1", &out)), "name");
}

TEST_F(OrganizationServiceTest, BadUpdateChangesNothing) {
  const std::string account = NewAccount();
  const Organization created = MustCreate(account, "Fabrikam");
  Organization patch;
  patch.set_name(created.name());
  patch.set_m365_tenant_id("{0f6e0d8a-3b1c-4e2d-9a8b-7c6d5e4f3a2b}");
  Organization out;
  grpc::Status status = Update(patch, "m365_tenant_id", &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(status), "organization.m365_tenant_id");
  // Output-only and unknown fields cannot be named in the mask.
  status = Update(patch, "create_time", &out);
  EXPECT_EQ(testing::BadFieldOf(status), "update_mask");
  Organization got;
  ASSERT_TRUE(Get(created.name(), &got).ok());
  EXPECT_EQ(got.etag(), created.etag());
  EXPECT_EQ(got.m365_tenant_id(), "");
}

// Issue 8 defect 4: a Microsoft 365 tenant is bound to at most one
// organization in the whole server, whatever the account or letter case.
TEST_F(OrganizationServiceTest, TenantIdBindsAtMostOneOrganizationServerWide) {
  const std::string account = NewAccount("Holder MSP");
  const std::string other = NewAccount("Other MSP");
  const std::string tenant = "0F6E0D8A-3B1C-4E2D-9A8B-7C6D5E4F3A2B";
  const Organization holder = MustCreateBound(account, "Fabrikam", tenant);

  Organization input;
  Organization out;
  for (const std::string& parent : {account, other}) {
    for (const std::string& spelling :
         {tenant, std::string("0f6e0d8a-3b1c-4e2d-9a8b-7c6d5e4f3a2b"),
          std::string("0f6E0D8a-3b1c-4E2D-9a8b-7C6D5E4F3A2B")}) {
      input.set_display_name("Fabrikam again");
      input.set_m365_tenant_id(spelling);
      grpc::Status refused = Create(parent, input, &out);
      EXPECT_EQ(refused.error_code(), grpc::StatusCode::ALREADY_EXISTS)
          << parent << " " << spelling;
      EXPECT_EQ(testing::ReasonOf(refused), "TENANT_ALREADY_BOUND");
      EXPECT_EQ(testing::BadFieldOf(refused), "organization.m365_tenant_id");
      // Nothing says where the tenant is bound.
      EXPECT_THAT(refused.error_message(),
                  ::testing::Not(HasSubstr(holder.name())));
      EXPECT_THAT(refused.error_message(),
                  ::testing::Not(HasSubstr(account + "/")));
      EXPECT_THAT(refused.error_message(),
                  ::testing::Not(HasSubstr("Fabrikam")));
    }
  }
  EXPECT_EQ(CountOrganizations(account), 1);
  EXPECT_EQ(CountOrganizations(other), 0);
}

// Issue 8 defect 4: an update cannot take a bound tenant; moving or clearing
// a binding, or deleting its organization, frees the tenant.
TEST_F(OrganizationServiceTest, TenantBindingMovesWithUpdateAndDelete) {
  const std::string account = NewAccount("Holder MSP");
  const std::string other = NewAccount("Other MSP");
  const std::string first = "0f6e0d8a-3b1c-4e2d-9a8b-7c6d5e4f3a2b";
  const std::string second = "1a2b3c4d-5e6f-4a1b-8c9d-0e1f2a3b4c5d";
  const Organization holder = MustCreateBound(account, "Holder", first);
  const Organization taker = MustCreate(other, "Taker");

  Organization patch;
  patch.set_name(taker.name());
  patch.set_m365_tenant_id(absl::AsciiStrToUpper(first));
  Organization out;
  grpc::Status refused = Update(patch, "m365_tenant_id", &out);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(testing::ReasonOf(refused), "TENANT_ALREADY_BOUND");
  Organization got;
  ASSERT_TRUE(Get(taker.name(), &got).ok());
  EXPECT_EQ(got.etag(), taker.etag());

  // A change of case on the holder keeps its own binding.
  Organization same;
  same.set_name(holder.name());
  same.set_m365_tenant_id(absl::AsciiStrToUpper(first));
  ASSERT_TRUE(Update(same, "m365_tenant_id", &out).ok());
  EXPECT_EQ(out.m365_tenant_id(), first);

  // Moving the holder to another tenant frees the first.
  Organization move = same;
  move.set_m365_tenant_id(second);
  ASSERT_TRUE(Update(move, "m365_tenant_id", &out).ok());
  ASSERT_TRUE(Update(patch, "m365_tenant_id", &out).ok());
  EXPECT_EQ(out.m365_tenant_id(), first);
  // ... and the holder cannot take it back.
  move.set_m365_tenant_id(first);
  EXPECT_EQ(Update(move, "m365_tenant_id", &out).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);

  // Clearing frees it too.
  Organization clear;
  clear.set_name(taker.name());
  ASSERT_TRUE(Update(clear, "m365_tenant_id", &out).ok());
  ASSERT_TRUE(Update(move, "m365_tenant_id", &out).ok());

  // Deleting the holder frees its tenant.
  ASSERT_TRUE(Delete(holder.name()).ok());
  EXPECT_EQ(MustCreateBound(other, "Newcomer", first).m365_tenant_id(), first);
}

// Issue 8 defect 4: concurrent creates of one tenant in different accounts
// serialize on the tenant's index row, so exactly one wins.
TEST_F(OrganizationServiceTest, ConcurrentCreatesOfOneTenantOneWins) {
  constexpr int kCallers = 6;
  std::vector<std::string> accounts;
  for (int i = 0; i < kCallers; ++i) {
    accounts.push_back(NewAccount(absl::StrCat("MSP ", i)));
  }
  std::vector<grpc::Status> results(kCallers);
  std::vector<std::thread> callers;
  for (int i = 0; i < kCallers; ++i) {
    callers.emplace_back([&, i] {
      Organization input;
      input.set_display_name("Contested");
      input.set_m365_tenant_id("0f6e0d8a-3b1c-4e2d-9a8b-7c6d5e4f3a2b");
      Organization out;
      results[i] = Create(accounts[i], input, &out);
    });
  }
  for (std::thread& caller : callers) caller.join();
  int won = 0;
  for (const grpc::Status& status : results) {
    if (status.ok()) {
      ++won;
    } else {
      // A lock wait that times out is ABORTED (retry); never a second OK.
      EXPECT_THAT(status.error_code(),
                  ::testing::AnyOf(grpc::StatusCode::ALREADY_EXISTS,
                                   grpc::StatusCode::ABORTED));
    }
  }
  EXPECT_EQ(won, 1);
  int bound = 0;
  for (const std::string& account : accounts) {
    bound += CountOrganizations(account);
  }
  EXPECT_EQ(bound, 1);
}

TEST_F(OrganizationServiceTest, MissingAccountIsNotFound) {
  Organization out;
  Organization input;
  input.set_display_name("Fabrikam");
  EXPECT_EQ(Create("accounts/987654", input, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::ListOrganizationsRequest list;
  list.set_parent("accounts/987654");
  v1::ListOrganizationsResponse listed;
  EXPECT_EQ(List(list, &listed).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(OrganizationServiceTest, Iso9OnPremServerPresenceMeansHybrid) {
  const std::string account = NewAccount();
  const Organization created = MustCreate(account, "Fabrikam");
  EXPECT_FALSE(created.has_on_prem_ad_server());
  // A hybrid directory with no agent installed yet.
  Organization patch;
  patch.set_name(created.name());
  patch.mutable_on_prem_ad_server();
  Organization hybrid;
  ASSERT_TRUE(Update(patch, "on_prem_ad_server", &hybrid).ok());
  EXPECT_TRUE(hybrid.has_on_prem_ad_server());
  EXPECT_EQ(hybrid.on_prem_ad_server().agent_version(), "");
  // Naming the field without a value removes the server.
  patch.clear_on_prem_ad_server();
  Organization cloud;
  ASSERT_TRUE(Update(patch, "on_prem_ad_server", &cloud).ok());
  EXPECT_FALSE(cloud.has_on_prem_ad_server());
}

TEST_F(OrganizationServiceTest, Iso7ExclusionIsAuditedInWords) {
  const std::string account = NewAccount();
  const Organization created = MustCreate(account, "Fabrikam");
  Organization patch;
  patch.set_name(created.name());
  patch.set_excluded_from_isolation(true);
  Organization updated;
  ASSERT_TRUE(Update(patch, "excluded_from_isolation", &updated).ok());
  EXPECT_TRUE(updated.excluded_from_isolation());

  v1::ListAuditEventsRequest request;
  request.set_parent(account);
  request.set_resource(created.name());
  v1::ListAuditEventsResponse events;
  ASSERT_TRUE(api_.audit().ListAuditEvents(Soc().get(), request, &events).ok());
  ASSERT_EQ(events.audit_events_size(), 2);
  EXPECT_EQ(events.audit_events(0).method(),
            "/cordon.v1.OrganizationService/UpdateOrganization");
  EXPECT_EQ(events.audit_events(0).outcome(), "OK");
  EXPECT_THAT(events.audit_events(0).summary(),
              HasSubstr("EXCLUDED from automated isolation"));
  EXPECT_THAT(events.audit_events(1).summary(),
              HasSubstr("created organization \"Fabrikam\""));
}

TEST_F(OrganizationServiceTest, FilterOnExclusion) {
  const std::string account = NewAccount();
  MustCreate(account, "Included");
  const Organization excluded = MustCreate(account, "Excluded", true);
  v1::ListOrganizationsRequest request;
  request.set_parent(account);
  request.set_filter("excluded_from_isolation = true");
  v1::ListOrganizationsResponse response;
  ASSERT_TRUE(List(request, &response).ok());
  ASSERT_EQ(response.organizations_size(), 1);
  EXPECT_EQ(response.organizations(0).name(), excluded.name());
  request.set_filter("excluded_from_isolation = false");
  ASSERT_TRUE(List(request, &response).ok());
  ASSERT_EQ(response.organizations_size(), 1);
  EXPECT_EQ(response.organizations(0).display_name(), "Included");

  for (const char* bad :
       {"excluded_from_isolation = maybe", "display_name = Included",
        "excluded_from_isolation"}) {
    request.set_filter(bad);
    grpc::Status status = List(request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    EXPECT_EQ(testing::BadFieldOf(status), "filter") << bad;
  }
}

TEST_F(OrganizationServiceTest, PagesThroughOneAtATime) {
  const std::string account = NewAccount();
  const std::string other = NewAccount("Other MSP");
  MustCreate(account, "One");
  MustCreate(account, "Two");
  MustCreate(account, "Three");
  MustCreate(other, "Elsewhere");
  v1::ListOrganizationsRequest request;
  request.set_parent(account);
  request.set_page_size(1);
  std::vector<std::string> seen;
  std::string first_token;
  for (int call = 0; call < 10; ++call) {
    v1::ListOrganizationsResponse response;
    ASSERT_TRUE(List(request, &response).ok());
    for (const auto& organization : response.organizations()) {
      seen.push_back(organization.display_name());
    }
    if (first_token.empty()) first_token = response.next_page_token();
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_THAT(seen, ::testing::ElementsAre("One", "Two", "Three"));

  // A token is bound to its parent (and filter).
  v1::ListOrganizationsResponse response;
  request.set_parent(other);
  request.set_page_token(first_token);
  grpc::Status status = List(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(status), "page_token");
  request.set_parent(account);
  request.set_filter("excluded_from_isolation = false");
  EXPECT_EQ(testing::BadFieldOf(List(request, &response)), "page_token");

  request.clear_page_token();
  request.clear_filter();
  request.set_page_size(-1);
  status = List(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(status), "page_size");
}

TEST_F(OrganizationServiceTest, StaleEtagIsAborted) {
  const std::string account = NewAccount();
  const Organization created = MustCreate(account, "Fabrikam");
  Organization patch = created;
  patch.set_display_name("Fabrikam 2");
  Organization updated;
  ASSERT_TRUE(Update(patch, "display_name", &updated).ok());
  patch.set_display_name("Fabrikam 3");
  grpc::Status stale = Update(patch, "display_name", &updated);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(testing::ReasonOf(stale), "ETAG_MISMATCH");
  stale = Delete(created.name(), created.etag());
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED);
  Organization got;
  EXPECT_TRUE(Get(created.name(), &got).ok());
}

TEST_F(OrganizationServiceTest, RetriedCreateWithSameRequestIdReturnsTheFirst) {
  const std::string account = NewAccount();
  Organization input;
  input.set_display_name("Fabrikam");
  Organization first, second;
  ASSERT_TRUE(Create(account, input, &first, "req-1").ok());
  ASSERT_TRUE(Create(account, input, &second, "req-1").ok());
  EXPECT_EQ(first.name(), second.name());
  EXPECT_EQ(CountOrganizations(account), 1);
  input.set_display_name("Other");
  grpc::Status reused = Create(account, input, &second, "req-1");
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(reused), "request_id");
}

TEST_F(OrganizationServiceTest, OrganizationWithIdentitiesCannotBeDeleted) {
  const std::string account = NewAccount();
  const Organization organization = MustCreate(account, "Fabrikam");
  v1::CreateIdentityRequest create;
  create.set_parent(organization.name());
  create.mutable_identity()->set_upn("alice@fabrikam.com");
  create.mutable_identity()->set_source(v1::Identity::CLOUD_ONLY);
  create.mutable_identity()->set_usage_location("NL");
  v1::Identity identity;
  ASSERT_TRUE(
      api_.identities().CreateIdentity(Soc().get(), create, &identity).ok());

  grpc::Status refused = Delete(organization.name());
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(testing::ReasonOf(refused), "ORGANIZATION_NOT_EMPTY");
  // And the account cannot go while the organization is there.
  v1::DeleteAccountRequest delete_account;
  delete_account.set_name(account);
  v1::DeleteAccountResponse deleted;
  EXPECT_EQ(api_.accounts()
                .DeleteAccount(Soc().get(), delete_account, &deleted)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  v1::DeleteIdentityRequest delete_identity;
  delete_identity.set_name(identity.name());
  v1::DeleteIdentityResponse gone;
  ASSERT_TRUE(api_.identities()
                  .DeleteIdentity(Soc().get(), delete_identity, &gone)
                  .ok());
  EXPECT_TRUE(Delete(organization.name()).ok());
}

TEST_F(OrganizationServiceTest, OrganizationWithUsersCannotBeDeleted) {
  const std::string account = NewAccount();
  const Organization organization = MustCreate(account, "Fabrikam");
  KeyFor(account, v1::ORGANIZATION_USER, organization.name());
  grpc::Status refused = Delete(organization.name());
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(testing::ReasonOf(refused), "ORGANIZATION_NOT_EMPTY");
  EXPECT_THAT(refused.error_message(), HasSubstr("organization users"));
  // Users of another organization do not hold this one.
  const Organization other = MustCreate(account, "Other");
  EXPECT_TRUE(Delete(other.name()).ok());
}

TEST_F(OrganizationServiceTest, OrganizationsSurviveARestart) {
  const std::string account = NewAccount();
  Organization input;
  input.set_display_name("Durable");
  input.mutable_on_prem_ad_server()->set_agent_version("0.14.21");
  input.set_excluded_from_isolation(true);
  Organization created;
  ASSERT_TRUE(Create(account, input, &created).ok());
  server_.Restart();
  api_.Connect();
  Organization got;
  ASSERT_TRUE(Get(created.name(), &got).ok());
  EXPECT_EQ(got.SerializeAsString(), created.SerializeAsString());
}

TEST_F(OrganizationServiceTest, Ten1OtherAccountsOrganizationsAreNotFound) {
  const std::string mine = NewAccount("Mine");
  const std::string theirs = NewAccount("Theirs");
  const Organization their_org = MustCreate(theirs, "Their customer");
  const std::string admin = KeyFor(mine, v1::ACCOUNT_ADMIN);

  Organization out;
  EXPECT_EQ(Get(their_org.name(), &out, admin).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::ListOrganizationsRequest list;
  list.set_parent(theirs);
  v1::ListOrganizationsResponse listed;
  EXPECT_EQ(List(list, &listed, admin).error_code(),
            grpc::StatusCode::NOT_FOUND);
  Organization input;
  input.set_display_name("Sneaky");
  EXPECT_EQ(Create(theirs, input, &out, "", admin).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(CountOrganizations(theirs), 1);
  // In its own account an admin creates and lists.
  ASSERT_TRUE(Create(mine, input, &out, "", admin).ok());
  list.set_parent(mine);
  ASSERT_TRUE(List(list, &listed, admin).ok());
  EXPECT_EQ(listed.organizations_size(), 1);
}

TEST_F(OrganizationServiceTest, OrganizationUserSeesOnlyItsOwnOrganization) {
  const std::string account = NewAccount();
  const Organization own = MustCreate(account, "Own");
  const Organization other = MustCreate(account, "Other");
  const std::string token = KeyFor(account, v1::ORGANIZATION_USER, own.name());

  v1::ListOrganizationsRequest list;
  list.set_parent(account);
  v1::ListOrganizationsResponse listed;
  ASSERT_TRUE(List(list, &listed, token).ok());
  ASSERT_EQ(listed.organizations_size(), 1);
  EXPECT_EQ(listed.organizations(0).name(), own.name());
  Organization out;
  EXPECT_TRUE(Get(own.name(), &out, token).ok());
  EXPECT_EQ(Get(other.name(), &out, token).error_code(),
            grpc::StatusCode::NOT_FOUND);
  Organization input;
  input.set_display_name("Not allowed");
  EXPECT_EQ(Create(account, input, &out, "", token).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

// ISO-12 over the API: SyncInventory reads the tenant now, answers what it
// did and the status it left on the organization, whose etag stays.
TEST_F(OrganizationServiceTest, Iso12SyncInventoryReadsTheTenant) {
  constexpr char kTenant[] = "00000000-0000-0000-0000-0000000000aa";
  ASSERT_TRUE(server_.world().AddTenant({kTenant, {"contoso.com"}, ""}).ok());
  ASSERT_TRUE(server_.world().AddUser(kTenant, {.upn = "a@contoso.com"}).ok());
  ASSERT_TRUE(server_.world().AddUser(kTenant, {.upn = "b@contoso.com"}).ok());
  const Organization org = MustCreateBound(NewAccount(), "Contoso", kTenant);
  v1::SyncInventoryRequest request;
  request.set_name(org.name());
  v1::SyncInventoryResponse response;
  grpc::Status status =
      api_.organizations().SyncInventory(Soc().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.added(), 2);
  EXPECT_EQ(response.inventory().last_outcome(),
            v1::InventoryStatus::SUCCEEDED);
  EXPECT_TRUE(response.inventory().has_last_sync_time());

  ASSERT_EQ(server_.world().AdminDeleteUser(kTenant, "b@contoso.com"),
            sim::WorldResult::kDone);
  status = api_.organizations().SyncInventory(Soc().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.added(), 0);
  EXPECT_EQ(response.deleted(), 1);
  Organization after;
  ASSERT_TRUE(Get(org.name(), &after).ok());
  EXPECT_EQ(after.etag(), org.etag());
  EXPECT_EQ(after.inventory().last_outcome(), v1::InventoryStatus::SUCCEEDED);
}

TEST_F(OrganizationServiceTest,
       Iso12SyncInventoryNeedsATenantAndAnOrganization) {
  const std::string account = NewAccount();
  const Organization unbound = MustCreate(account, "No tenant yet");
  v1::SyncInventoryRequest request;
  request.set_name(unbound.name());
  v1::SyncInventoryResponse response;
  grpc::Status status =
      api_.organizations().SyncInventory(Soc().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(testing::ReasonOf(status), "ORGANIZATION_NOT_BOUND");
  Organization after;
  ASSERT_TRUE(Get(unbound.name(), &after).ok());
  EXPECT_FALSE(after.has_inventory());

  request.set_name(account + "/organizations/999999");
  status = api_.organizations().SyncInventory(Soc().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  request.set_name("organizations/1");
  status = api_.organizations().SyncInventory(Soc().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(status), "name");
}

}  // namespace organization_service_test
}  // namespace cordon
