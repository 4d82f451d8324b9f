#include "tests/fuzz/api_fuzz_world.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "tests/support/api_client.h"

namespace cordon::fuzz {

ApiFuzzWorld::ApiFuzzWorld()
    : server_(std::make_unique<testing::TestServer>()) {
  // Streams (called over the loopback channel) notice a cancelled client
  // within 10 ms, so they do not pile up across executions.
  testing::TestServerOptions options;
  options.events.cancel_check_interval = absl::Milliseconds(10);
  server_->Reconfigure(options);
  engine::Engine& engine = server_->engine();
  runner_ =
      std::make_unique<api::CallRunner>(&engine.api_keys(), &engine.audit());
  absl::StatusOr<std::string> secret =
      engine.page_token_secret().LoadOrCreate();
  if (!secret.ok()) std::abort();
  pages_ = std::make_unique<api::PageTokens>(*secret);
  services_ =
      api::MakeServices(&engine, runner_.get(), pages_.get(), options.events);
  MakeCallers();
}

// Account A (accounts/1) has organization accounts/1/organizations/1 with an
// identity, and a user of every account role; account B (accounts/2) has an
// admin: enough for own-account and other-account calls to succeed and fail.
void ApiFuzzWorld::MakeCallers() {
  testing::ApiClient client(server_.get());
  const std::string a = client.CreateAccount("Account A");
  const std::string b = client.CreateAccount("Account B");
  const std::string org = client.CreateOrganization(a, "Org A1");
  client.CreateIdentity(org, "alice@a1.example");
  tokens_ = {
      "",
      "not-a-key",
      server_->bootstrap_token(),
      client.KeyFor(client.CreateUser(a, v1::ACCOUNT_ADMIN)),
      client.KeyFor(client.CreateUser(a, v1::ACCOUNT_USER)),
      client.KeyFor(client.CreateUser(a, v1::ORGANIZATION_USER, org)),
      client.ProviderKey(v1::SERVICE),
      client.AgentKey(org),
      client.KeyFor(client.CreateUser(b, v1::ACCOUNT_ADMIN)),
  };
}

grpc::Service* ApiFuzzWorld::service(absl::string_view full_name) const {
  for (const api::Services::Entry& entry : services_.entries) {
    if (full_name == entry.full_name) return entry.service.get();
  }
  return nullptr;
}

const std::string& ApiFuzzWorld::token(uint8_t selector) const {
  return tokens_[selector % tokens_.size()];
}

CallContext::CallContext(const std::string& token) {
  if (token.empty()) return;
  spouse_.AddClientMetadata("authorization", absl::StrCat("Bearer ", token));
}

}  // namespace cordon::fuzz
