// IdentityService over a real loopback channel: UPNs unique per organization
// and case-insensitive, synced identities only in hybrid organizations
// (ISO-9), per-identity exclusions (ISO-7), isolation state output only, and
// the AIP conventions (etag, request_id, field masks, filters, paging).

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/resource_name.h"
#include "server/engine/common/page.h"
#include "server/store/keys.h"
#include "server/store/transaction.h"
#include "tests/support/api_client.h"
#include "tests/support/status_details.h"
#include "tests/support/test_server.h"

namespace cordon {
namespace identity_service_test {

using ::testing::HasSubstr;
using v1::Identity;

class IdentityServiceTest : public ::testing::Test {
 protected:
  IdentityServiceTest() {
    account_ = api_.CreateAccount("Contoso MSP");
    cloud_org_ = NewOrganization("Cloud only", /*hybrid=*/false);
    hybrid_org_ = NewOrganization("Hybrid", /*hybrid=*/true);
  }

  std::unique_ptr<grpc::ClientContext> Soc() { return api_.Soc(); }

  std::string NewOrganization(const std::string& display_name, bool hybrid) {
    v1::Organization organization;
    organization.set_display_name(display_name);
    if (hybrid) {
      organization.mutable_on_prem_ad_server()->set_agent_version("0.14.22");
    }
    return api_.CreateOrganization(account_, organization);
  }

  static Identity Input(const std::string& upn,
                        Identity::Source source = Identity::CLOUD_ONLY,
                        const std::string& usage_location = "NL") {
    Identity identity;
    identity.set_upn(upn);
    identity.set_display_name("Test identity");
    identity.set_source(source);
    identity.set_usage_location(usage_location);
    return identity;
  }

  grpc::Status Create(const std::string& parent, const Identity& input,
                      Identity* out, const std::string& request_id = "") {
    v1::CreateIdentityRequest request;
    request.set_parent(parent);
    *request.mutable_identity() = input;
    request.set_request_id(request_id);
    return api_.identities().CreateIdentity(Soc().get(), request, out);
  }

  Identity MustCreate(const std::string& parent, const Identity& input) {
    Identity out;
    grpc::Status status = Create(parent, input, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  grpc::Status Get(const std::string& name, Identity* out) {
    v1::GetIdentityRequest request;
    request.set_name(name);
    return api_.identities().GetIdentity(Soc().get(), request, out);
  }

  grpc::Status Update(const Identity& patch, const std::string& path,
                      Identity* out) {
    v1::UpdateIdentityRequest request;
    *request.mutable_identity() = patch;
    request.mutable_update_mask()->add_paths(path);
    return api_.identities().UpdateIdentity(Soc().get(), request, out);
  }

  grpc::Status Rename(const Identity& identity, const std::string& upn,
                      Identity* out) {
    Identity patch;
    patch.set_name(identity.name());
    patch.set_upn(upn);
    return Update(patch, "upn", out);
  }

  grpc::Status Delete(const std::string& name, const std::string& etag = "") {
    v1::DeleteIdentityRequest request;
    request.set_name(name);
    request.set_etag(etag);
    v1::DeleteIdentityResponse response;
    return api_.identities().DeleteIdentity(Soc().get(), request, &response);
  }

  grpc::Status List(const v1::ListIdentitiesRequest& request,
                    v1::ListIdentitiesResponse* out) {
    return api_.identities().ListIdentities(Soc().get(), request, out);
  }

  // The UPNs a filtered listing of `parent` returns.
  std::vector<std::string> UpnsMatching(const std::string& parent,
                                        const std::string& filter) {
    v1::ListIdentitiesRequest request;
    request.set_parent(parent);
    request.set_filter(filter);
    v1::ListIdentitiesResponse response;
    grpc::Status status = List(request, &response);
    EXPECT_TRUE(status.ok()) << filter << ": " << status.error_message();
    std::vector<std::string> upns;
    for (const Identity& identity : response.identities()) {
      upns.push_back(identity.upn());
    }
    return upns;
  }

  testing::TestServer server_;
  testing::ApiClient api_{&server_};
  std::string account_;
  std::string cloud_org_;
  std::string hybrid_org_;
};

TEST_F(IdentityServiceTest, CreateGetListUpdateDelete) {
  Identity input = Input("alice@contoso.com");
  // Output-only fields are ignored on create: a new identity is ACTIVE.
  input.set_isolation_state(Identity::ISOLATED);
  input.mutable_isolation()->set_cloud_account_disabled(true);
  const Identity created = MustCreate(cloud_org_, input);
  EXPECT_THAT(created.name(),
              ::testing::StartsWith(cloud_org_ + "/identities/"));
  EXPECT_EQ(created.upn(), "alice@contoso.com");
  EXPECT_EQ(created.source(), Identity::CLOUD_ONLY);
  EXPECT_EQ(created.usage_location(), "NL");
  EXPECT_EQ(created.isolation_state(), Identity::ACTIVE);
  EXPECT_FALSE(created.isolation().cloud_account_disabled());
  EXPECT_FALSE(created.etag().empty());

  Identity got;
  ASSERT_TRUE(Get(created.name(), &got).ok());
  EXPECT_EQ(got.SerializeAsString(), created.SerializeAsString());
  EXPECT_THAT(UpnsMatching(cloud_org_, ""),
              ::testing::ElementsAre("alice@contoso.com"));

  Identity patch;
  patch.set_name(created.name());
  patch.set_usage_location("DE");
  Identity updated;
  ASSERT_TRUE(Update(patch, "usage_location", &updated).ok());
  EXPECT_EQ(updated.usage_location(), "DE");
  EXPECT_EQ(updated.upn(), "alice@contoso.com");
  EXPECT_NE(updated.etag(), created.etag());

  ASSERT_TRUE(Delete(created.name(), updated.etag()).ok());
  EXPECT_EQ(Get(created.name(), &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(UpnsMatching(cloud_org_, "").empty());
}

TEST_F(IdentityServiceTest, BadInputNamesTheFieldAndWritesNothing) {
  struct Case {
    std::string field;
    Identity input;
  };
  const std::vector<Case> cases = {
      {"identity.upn", Input("no-at-sign")},
      {"identity.upn", Input("")},
      {"identity.usage_location", Input("a@contoso.com", Identity::CLOUD_ONLY,
                                        "XX")},  // not an assigned code
      {"identity.usage_location",
       Input("a@contoso.com", Identity::CLOUD_ONLY, "nl")},  // upper-case
      {"identity.usage_location",
       Input("a@contoso.com", Identity::CLOUD_ONLY, "")},
      {"identity.source", Input("a@contoso.com", Identity::SOURCE_UNSPECIFIED)},
  };
  for (const Case& c : cases) {
    Identity out;
    grpc::Status status = Create(cloud_org_, c.input, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << c.input.ShortDebugString();
    EXPECT_EQ(testing::BadFieldOf(status), c.field)
        << c.input.ShortDebugString();
  }
  Identity out;
  EXPECT_EQ(testing::BadFieldOf(Create(account_, Input("a@contoso.com"), &out)),
            "parent");
  EXPECT_EQ(testing::BadFieldOf(Get(cloud_org_, &out)), "name");
  EXPECT_TRUE(UpnsMatching(cloud_org_, "").empty());
}

TEST_F(IdentityServiceTest, MissingOrganizationIsNotFound) {
  Identity out;
  const std::string missing = account_ + "/organizations/987654";
  EXPECT_EQ(Create(missing, Input("a@contoso.com"), &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::ListIdentitiesRequest request;
  request.set_parent(missing);
  v1::ListIdentitiesResponse response;
  EXPECT_EQ(List(request, &response).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(IdentityServiceTest, UpnIsUniquePerOrganizationIgnoringCase) {
  MustCreate(cloud_org_, Input("Alice@Contoso.com"));
  Identity out;
  grpc::Status taken = Create(cloud_org_, Input("alice@CONTOSO.COM"), &out);
  EXPECT_EQ(taken.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(testing::ReasonOf(taken), "UPN_TAKEN");
  EXPECT_EQ(testing::BadFieldOf(taken), "identity.upn");
  // Another organization is another tenant: the same UPN is fine there.
  EXPECT_TRUE(Create(hybrid_org_, Input("alice@contoso.com"), &out).ok());
  EXPECT_THAT(UpnsMatching(cloud_org_, ""),
              ::testing::ElementsAre("Alice@Contoso.com"));
}

TEST_F(IdentityServiceTest, UpnUniquenessHoldsAcrossRenames) {
  const Identity alice = MustCreate(cloud_org_, Input("alice@contoso.com"));
  const Identity bob = MustCreate(cloud_org_, Input("bob@contoso.com"));
  Identity out;
  grpc::Status taken = Rename(bob, "ALICE@contoso.com", &out);
  EXPECT_EQ(taken.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(testing::ReasonOf(taken), "UPN_TAKEN");
  EXPECT_EQ(testing::BadFieldOf(taken), "identity.upn");

  // A change of case only is a rename to itself.
  Identity recased;
  ASSERT_TRUE(Rename(alice, "Alice@Contoso.com", &recased).ok());
  EXPECT_EQ(recased.upn(), "Alice@Contoso.com");
  // Renaming frees the old UPN...
  Identity renamed;
  ASSERT_TRUE(Rename(alice, "alice.old@contoso.com", &renamed).ok());
  ASSERT_TRUE(Rename(bob, "alice@contoso.com", &out).ok());
  // ...and the new one is taken.
  EXPECT_EQ(
      Create(cloud_org_, Input("ALICE.OLD@contoso.com"), &out).error_code(),
      grpc::StatusCode::ALREADY_EXISTS);
  // Deleting frees it too.
  ASSERT_TRUE(Delete(renamed.name()).ok());
  EXPECT_TRUE(Create(cloud_org_, Input("alice.old@contoso.com"), &out).ok());
}

TEST_F(IdentityServiceTest, Iso9HybridSyncedNeedsAnOnPremServer) {
  Identity out;
  grpc::Status refused = Create(
      cloud_org_, Input("sync@contoso.com", Identity::HYBRID_SYNCED), &out);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(refused), "identity.source");
  EXPECT_TRUE(Create(hybrid_org_,
                     Input("sync@contoso.com", Identity::HYBRID_SYNCED), &out)
                  .ok());
  EXPECT_EQ(out.source(), Identity::HYBRID_SYNCED);

  // Nor can an update turn a cloud identity into a synced one there.
  const Identity cloud = MustCreate(cloud_org_, Input("cloud@contoso.com"));
  Identity patch;
  patch.set_name(cloud.name());
  patch.set_source(Identity::HYBRID_SYNCED);
  refused = Update(patch, "source", &out);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(refused), "identity.source");
  ASSERT_TRUE(Get(cloud.name(), &out).ok());
  EXPECT_EQ(out.etag(), cloud.etag());
}

TEST_F(IdentityServiceTest, IsolationStateIsOutputOnly) {
  const Identity created = MustCreate(cloud_org_, Input("a@contoso.com"));
  Identity patch;
  patch.set_name(created.name());
  patch.set_isolation_state(Identity::ISOLATED);
  Identity out;
  for (const char* path : {"isolation_state", "isolation", "name"}) {
    grpc::Status status = Update(patch, path, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << path;
    EXPECT_EQ(testing::BadFieldOf(status), "update_mask") << path;
  }
  // "*" means every updatable field, which excludes the state.
  patch = created;
  patch.set_isolation_state(Identity::ISOLATED);
  patch.set_display_name("Renamed");
  ASSERT_TRUE(Update(patch, "*", &out).ok());
  EXPECT_EQ(out.display_name(), "Renamed");
  EXPECT_EQ(out.isolation_state(), Identity::ACTIVE);
}

TEST_F(IdentityServiceTest, Iso7IdentityExclusionIsAuditedInWords) {
  const Identity created = MustCreate(cloud_org_, Input("a@contoso.com"));
  Identity patch;
  patch.set_name(created.name());
  patch.set_excluded_from_isolation(true);
  Identity out;
  ASSERT_TRUE(Update(patch, "excluded_from_isolation", &out).ok());
  EXPECT_TRUE(out.excluded_from_isolation());

  v1::ListAuditEventsRequest request;
  request.set_parent(account_);
  request.set_resource(created.name());
  v1::ListAuditEventsResponse events;
  ASSERT_TRUE(api_.audit().ListAuditEvents(Soc().get(), request, &events).ok());
  ASSERT_EQ(events.audit_events_size(), 2);
  EXPECT_EQ(events.audit_events(0).method(),
            "/cordon.v1.IdentityService/UpdateIdentity");
  EXPECT_THAT(events.audit_events(0).summary(),
              HasSubstr("EXCLUDED from automated isolation"));
  EXPECT_THAT(events.audit_events(1).summary(),
              HasSubstr("created identity a@contoso.com"));
}

TEST_F(IdentityServiceTest, FailedWritesAreAudited) {
  MustCreate(cloud_org_, Input("a@contoso.com"));
  Identity out;
  ASSERT_FALSE(Create(cloud_org_, Input("A@contoso.com"), &out).ok());
  v1::ListAuditEventsRequest request;
  request.set_resource(cloud_org_);
  v1::ListAuditEventsResponse events;
  // A SOC analyst's failures go to the provider-wide log.
  ASSERT_TRUE(api_.audit().ListAuditEvents(Soc().get(), request, &events).ok());
  ASSERT_GE(events.audit_events_size(), 1);
  EXPECT_EQ(events.audit_events(0).outcome(), "ALREADY_EXISTS");
}

TEST_F(IdentityServiceTest, FiltersOnEachField) {
  Identity excluded = Input("excluded@contoso.com", Identity::HYBRID_SYNCED);
  excluded.set_excluded_from_isolation(true);
  MustCreate(hybrid_org_, excluded);
  MustCreate(hybrid_org_, Input("cloud@contoso.com"));
  MustCreate(hybrid_org_, Input("synced@contoso.com", Identity::HYBRID_SYNCED));

  using ::testing::ElementsAre;
  using ::testing::UnorderedElementsAre;
  EXPECT_THAT(UpnsMatching(hybrid_org_, "source = CLOUD_ONLY"),
              ElementsAre("cloud@contoso.com"));
  EXPECT_THAT(
      UpnsMatching(hybrid_org_, "source = HYBRID_SYNCED"),
      UnorderedElementsAre("excluded@contoso.com", "synced@contoso.com"));
  EXPECT_THAT(UpnsMatching(hybrid_org_, "excluded_from_isolation = true"),
              ElementsAre("excluded@contoso.com"));
  EXPECT_THAT(UpnsMatching(
                  hybrid_org_,
                  "source = HYBRID_SYNCED AND excluded_from_isolation = false"),
              ElementsAre("synced@contoso.com"));
  EXPECT_EQ(UpnsMatching(hybrid_org_, "isolation_state = ACTIVE").size(), 3u);
  EXPECT_TRUE(UpnsMatching(hybrid_org_, "isolation_state = ISOLATED").empty());

  v1::ListIdentitiesRequest request;
  request.set_parent(hybrid_org_);
  v1::ListIdentitiesResponse response;
  for (const char* bad :
       {"source = ON_PREM", "isolation_state = UNSPECIFIED",
        "excluded_from_isolation = yes", "upn = cloud@contoso.com",
        "source = CLOUD_ONLY and excluded_from_isolation = true"}) {
    request.set_filter(bad);
    grpc::Status status = List(request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    EXPECT_EQ(testing::BadFieldOf(status), "filter") << bad;
  }
}

TEST_F(IdentityServiceTest, PagesThroughOneAtATime) {
  MustCreate(cloud_org_, Input("one@contoso.com"));
  MustCreate(cloud_org_, Input("two@contoso.com"));
  MustCreate(cloud_org_, Input("three@contoso.com"));
  MustCreate(hybrid_org_, Input("elsewhere@contoso.com"));
  v1::ListIdentitiesRequest request;
  request.set_parent(cloud_org_);
  request.set_page_size(1);
  std::vector<std::string> seen;
  std::string first_token;
  for (int call = 0; call < 10; ++call) {
    v1::ListIdentitiesResponse response;
    ASSERT_TRUE(List(request, &response).ok());
    EXPECT_LE(response.identities_size(), 1);
    for (const Identity& identity : response.identities()) {
      seen.push_back(identity.upn());
    }
    if (first_token.empty()) first_token = response.next_page_token();
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_THAT(seen, ::testing::ElementsAre("one@contoso.com", "two@contoso.com",
                                           "three@contoso.com"));

  // A token is bound to its parent and filter.
  v1::ListIdentitiesResponse response;
  request.set_parent(hybrid_org_);
  request.set_page_token(first_token);
  grpc::Status status = List(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(status), "page_token");
  request.set_parent(cloud_org_);
  request.set_filter("source = CLOUD_ONLY");
  EXPECT_EQ(testing::BadFieldOf(List(request, &response)), "page_token");

  request.clear_page_token();
  request.set_page_size(-5);
  status = List(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(status), "page_size");
}

// Issue 14: a filter over many rows costs each call a bounded number of rows
// (engine::RowsExaminedBudget), not a scan of the organization. A page may
// then hold fewer results than asked, even none, with a token (AIP-158), and
// following the tokens returns exactly the matching identities.
TEST_F(IdentityServiceTest, FilteredListExaminesABoundedNumberOfRowsPerCall) {
  constexpr int kRows = 1000;
  const core::OrganizationName org = *core::ParseOrganizationName(cloud_org_);
  std::vector<std::string> excluded;
  {
    std::unique_ptr<store::Transaction> txn = server_.database().Begin();
    for (int i = 0; i < kRows; ++i) {
      const uint64_t id = *server_.database().NextId();
      Identity row = Input(absl::StrCat("bulk", i, "@contoso.com"));
      row.set_name(
          core::IdentityName{org.account, org.organization, id}.ToString());
      row.set_isolation_state(Identity::ACTIVE);
      // Three matches, far apart: after the first call's budget.
      row.set_excluded_from_isolation(i % 300 == 299);
      if (row.excluded_from_isolation()) excluded.push_back(row.upn());
      txn->Put(store::Family::kIdentities,
               store::KeyOf({org.account, org.organization, id}), row);
    }
    ASSERT_TRUE(txn->Commit().ok());
  }
  const int budget = engine::RowsExaminedBudget(engine::PageRequest{});
  ASSERT_LT(budget, kRows);

  // A filter matching nothing: the first call stops at the budget.
  v1::ListIdentitiesResponse response;
  v1::ListIdentitiesRequest request;
  request.set_filter("isolation_state = ISOLATED");
  request.set_parent(cloud_org_);
  ASSERT_TRUE(List(request, &response).ok());
  EXPECT_EQ(response.identities_size(), 0);
  EXPECT_FALSE(response.next_page_token().empty());

  // A token is tamper-checked as before: one changed character is refused.
  std::string tampered = response.next_page_token();
  tampered[tampered.size() / 2] =
      tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
  request.set_page_token(tampered);
  grpc::Status status = List(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(status), "page_token");

  // The whole walk returns exactly the matches, in ceil(rows / budget) calls.
  request.set_filter("excluded_from_isolation = true");
  request.clear_page_token();
  std::vector<std::string> seen;
  int calls = 0;
  for (; calls < 2 * kRows; ++calls) {
    ASSERT_TRUE(List(request, &response).ok());
    for (const Identity& identity : response.identities()) {
      seen.push_back(identity.upn());
    }
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_EQ(seen, excluded);
  EXPECT_EQ(calls + 1, (kRows + budget - 1) / budget);
}

TEST_F(IdentityServiceTest, StaleEtagIsAborted) {
  const Identity created = MustCreate(cloud_org_, Input("a@contoso.com"));
  Identity patch = created;
  patch.set_display_name("First");
  Identity out;
  ASSERT_TRUE(Update(patch, "display_name", &out).ok());
  patch.set_display_name("Second");
  grpc::Status stale = Update(patch, "display_name", &out);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(testing::ReasonOf(stale), "ETAG_MISMATCH");
  EXPECT_EQ(Delete(created.name(), created.etag()).error_code(),
            grpc::StatusCode::ABORTED);
  ASSERT_TRUE(Get(created.name(), &out).ok());
  EXPECT_EQ(out.display_name(), "First");
}

TEST_F(IdentityServiceTest, RetriedCreateWithSameRequestIdReturnsTheFirst) {
  Identity first, second;
  ASSERT_TRUE(Create(cloud_org_, Input("a@contoso.com"), &first, "r-1").ok());
  // The retry is answered from the first call, not refused as a duplicate.
  ASSERT_TRUE(Create(cloud_org_, Input("a@contoso.com"), &second, "r-1").ok());
  EXPECT_EQ(first.SerializeAsString(), second.SerializeAsString());
  EXPECT_EQ(UpnsMatching(cloud_org_, "").size(), 1u);
  grpc::Status reused =
      Create(cloud_org_, Input("b@contoso.com"), &second, "r-1");
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(reused), "request_id");
}

TEST_F(IdentityServiceTest, Iso4AnIsolatedIdentityCannotBeDeleted) {
  const Identity created = MustCreate(cloud_org_, Input("a@contoso.com"));
  // The isolation workflow owns the state; set it as it would.
  const core::IdentityName name = *core::ParseIdentityName(created.name());
  const std::string key =
      store::KeyOf({name.account, name.organization, name.identity});
  Identity isolated = created;
  isolated.set_isolation_state(Identity::ISOLATED);
  std::unique_ptr<store::Transaction> txn = server_.database().Begin();
  txn->Put(store::Family::kIdentities, key, isolated);
  ASSERT_TRUE(txn->Commit().ok());
  // Deleting it would leave the account disabled with nothing to re-enable
  // it: release first (ISO-6).
  grpc::Status refused = Delete(created.name());
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(testing::ReasonOf(refused), "IDENTITY_NOT_RELEASED");
  Identity got;
  EXPECT_TRUE(Get(created.name(), &got).ok());
}

TEST_F(IdentityServiceTest, IdentitiesAndTheirUpnsSurviveARestart) {
  const Identity created = MustCreate(cloud_org_, Input("a@contoso.com"));
  server_.Restart();
  api_.Connect();
  Identity got;
  ASSERT_TRUE(Get(created.name(), &got).ok());
  EXPECT_EQ(got.SerializeAsString(), created.SerializeAsString());
  EXPECT_EQ(Create(cloud_org_, Input("A@CONTOSO.COM"), &got).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
}

}  // namespace identity_service_test
}  // namespace cordon
