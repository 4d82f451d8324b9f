// Onboards a customer: an account (the partner), one organization, three
// identities; lists them page by page, excludes the organization from
// automated isolation with an etag-checked update, and shows what an error
// looks like.
//
//   onboard_organization ADDRESS KEY_FILE      (a SOC analyst's key)
#include <iostream>

#include "clients/cpp/examples/connect.h"
#include "cordon/client/client.h"
#include "cordon/v1/account.grpc.pb.h"
#include "cordon/v1/identity.grpc.pb.h"
#include "cordon/v1/organization.grpc.pb.h"

namespace v1 = cordon::v1;
using cordon::client::FormatError;

using cordon::client::Client;

// The partner's account and its customer's organization.
absl::StatusOr<v1::Organization> CreateOrganization(const Client& client) {
  v1::CreateAccountRequest account;
  account.mutable_account()->set_display_name("Example MSP");
  auto created = client.Call(&v1::AccountService::Stub::CreateAccount, account);
  if (!created.ok()) return created.status();
  std::cout << "account " << created->account().name() << "\n";

  v1::CreateOrganizationRequest organization;
  organization.set_parent(created->account().name());
  organization.mutable_organization()->set_display_name("Contoso");
  return client.Call(&v1::OrganizationService::Stub::CreateOrganization,
                     organization);
}

absl::Status AddIdentities(const Client& client, const std::string& org) {
  for (const char* upn : {"ann", "bob", "cem"}) {
    v1::CreateIdentityRequest identity;
    identity.set_parent(org);
    identity.mutable_identity()->set_upn(std::string(upn) + "@contoso.com");
    identity.mutable_identity()->set_source(v1::Identity::CLOUD_ONLY);
    identity.mutable_identity()->set_usage_location("NL");
    auto made =
        client.Call(&v1::IdentityService::Stub::CreateIdentity, identity);
    if (!made.ok()) return made.status();
  }
  return absl::OkStatus();
}

absl::Status PrintIdentities(const Client& client, const std::string& org) {
  v1::ListIdentitiesRequest list;
  list.set_parent(org);
  list.set_page_size(2);  // small pages: the pager reads them all
  int count = 0;
  for (const auto& identity : client.List<v1::Identity>(
           &v1::IdentityService::Stub::ListIdentities, list)) {
    if (!identity.ok()) return identity.status();
    std::cout << "  " << identity->upn() << "  " << identity->name() << "\n";
    ++count;
  }
  std::cout << count << " identities\n";
  return absl::OkStatus();
}

int main(int argc, char** argv) {
  if (!cordon_examples::ArgumentsFit(argc, 2, 2,
                                     "onboard_organization ADDRESS KEY_FILE")) {
    return 2;
  }
  absl::StatusOr<Client> client = cordon_examples::Connect(argv[1], argv[2]);
  if (!client.ok()) return cordon_examples::Fail(client.status());
  absl::StatusOr<v1::Organization> org = CreateOrganization(*client);
  if (!org.ok()) return cordon_examples::Fail(org.status());
  std::cout << "organization " << org->name() << "\n";
  absl::Status status = AddIdentities(*client, org->name());
  if (status.ok()) status = PrintIdentities(*client, org->name());
  if (!status.ok()) return cordon_examples::Fail(status);

  v1::Organization excluded = *org;  // carries the etag it was read with
  excluded.set_excluded_from_isolation(true);
  auto updated =
      client->Update(&v1::OrganizationService::Stub::UpdateOrganization,
                     excluded, {"excluded_from_isolation"});
  if (!updated.ok()) return cordon_examples::Fail(updated.status());
  std::cout << "excluded from isolation: "
            << (updated->excluded_from_isolation() ? "yes" : "no") << "\n";

  // The same update again carries the old etag: the server refuses it.
  auto stale =
      client->Update(&v1::OrganizationService::Stub::UpdateOrganization,
                     excluded, {"excluded_from_isolation"});
  std::cout << "stale update: " << FormatError(stale.status()) << "\n";
  return absl::IsAborted(stale.status()) ? 0 : 1;
}
