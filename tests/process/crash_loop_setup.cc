// CrashLoop's set-up, before the first kill: the world (a tenant and an
// SMTP sink), the server, and the account the workload writes in — with two
// admins (the escalation recipients, ESC-6), the blast-radius cap raised so
// every report isolates (ISO-14), and an organization bound to the tenant
// whose users (ISO-12) each have a forwarding rule to disable (ISO-3).

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "tests/process/crash_loop_control.h"

namespace cordon::process_testing::crash_loop {
namespace {

constexpr const char* kAdmins[] = {"ada@msp.example", "bob@msp.example"};

std::string Failed(const char* what, const grpc::Status& status) {
  return absl::StrCat("set-up, ", what, ": ", Describe(status));
}

std::string CreateAccount(Client& client, History* history) {
  v1::CreateAccountRequest account;
  account.mutable_account()->set_display_name("Crash loop MSP");
  account.mutable_account()
      ->mutable_settings()
      ->set_automated_isolations_per_hour(1000);
  account.set_request_id("crash-account");
  v1::AccountChange change;
  grpc::Status status = client.Call(account, &change);
  if (!status.ok()) return Failed("account", status);
  history->account = change.account().name();
  for (const char* email : kAdmins) {
    v1::CreateUserRequest user;
    user.set_parent(history->account);
    user.mutable_user()->set_email(email);
    user.mutable_user()->set_display_name(email);
    user.mutable_user()->set_role(v1::ACCOUNT_ADMIN);
    v1::User created;
    status = client.Call(user, &created);
    if (!status.ok()) return Failed("admin", status);
  }
  return "";
}

// upn (lower case) -> identity name, every page.
std::string ListTenantIdentities(Client& client, const std::string& parent,
                                 std::map<std::string, std::string>* out) {
  v1::ListIdentitiesRequest list;
  list.set_parent(parent);
  list.set_page_size(1000);
  do {
    v1::ListIdentitiesResponse page;
    const grpc::Status status = client.Call(list, &page);
    if (!status.ok()) return Failed("identities", status);
    for (const v1::Identity& identity : page.identities()) {
      (*out)[absl::AsciiStrToLower(identity.upn())] = identity.name();
    }
    list.set_page_token(page.next_page_token());
  } while (!list.page_token().empty());
  return "";
}

}  // namespace

std::string CrashLoop::SetUpTenantUsers(Client& client) {
  v1::CreateOrganizationRequest bind;
  bind.set_parent(history_.account);
  bind.mutable_organization()->set_display_name("Contoso");
  bind.mutable_organization()->set_m365_tenant_id(kTenant);
  v1::Organization organization;
  grpc::Status status = client.Call(bind, &organization);
  if (!status.ok()) return Failed("tenant organization", status);
  history_.tenant_organization = organization.name();
  v1::SyncInventoryRequest sync;
  sync.set_name(organization.name());
  v1::SyncInventoryResponse synced;
  status = client.Call(sync, &synced);
  if (!status.ok()) return Failed("inventory", status);
  std::map<std::string, std::string> identities;
  if (std::string failure =
          ListTenantIdentities(client, organization.name(), &identities);
      !failure.empty()) {
    return failure;
  }
  for (int i = 0; i < users_; ++i) {
    TenantUser user;
    user.upn = ServedTenant::Upn(i);
    user.identity = identities[user.upn];
    if (user.identity.empty()) return "set-up: no identity for " + user.upn;
    if (!tenant_->AddForwardRule(user.upn, ForwardRule(i))) {
      return "set-up: the rule of " + user.upn;
    }
    history_.users.push_back(std::move(user));
  }
  return "";
}

std::string CrashLoop::SetUp() {
  TenantOptions tenant;
  tenant.users = users_;
  tenant.smtp = true;
  // Every message must stay readable to the end: a kill sends about three.
  tenant.smtp_keep = std::max(1000, options_.kills * 20);
  // Graph answers that take a while, so kills land while effects are under
  // way (ISO-11's retries, not only finished work, get crashed).
  tenant.faults = "latency_min: \"5ms\" latency_max: \"40ms\"";
  tenant.seed = static_cast<int>(options_.seed % 1000000);
  tenant_ = std::make_unique<ServedTenant>(directory_, tenant);
  if (!tenant_->error().empty()) return "set-up: " + tenant_->error();
  // The workload sends as fast as one key can, which is past the default
  // per-key rate limit; this test is about crashes, not limits (those are
  // RateLimitTest's).
  std::vector<std::string> flags = tenant_->ServerFlags();
  flags.push_back("--rate_limit_per_key=0");
  server_ =
      std::make_unique<CordonServer>(directory_ + "/data", std::move(flags));
  if (std::string failure = server_->Start(); !failure.empty()) {
    return "set-up: " + failure;
  }
  checker_ = std::make_unique<Checker>(&history_, tenant_.get());
  Client client(server_->port(), server_->key());
  std::string failure = CreateAccount(client, &history_);
  if (failure.empty()) failure = SetUpTenantUsers(client);
  return failure;
}

}  // namespace cordon::process_testing::crash_loop
