#include "simulator/serve/token_endpoint.h"

#include <httplib.h>
#include <openssl/crypto.h>

#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "simulator/serve/aadsts_answer.h"

namespace cordon::sim::serve {
namespace {

constexpr absl::string_view kJwtBearer =
    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

// Constant time, so the fake does not teach a timing attack by example.
bool SecretMatches(const std::string& sent, const std::string& expected) {
  return !expected.empty() && sent.size() == expected.size() &&
         CRYPTO_memcmp(sent.data(), expected.data(), sent.size()) == 0;
}

std::string Param(const httplib::Params& params, const char* name) {
  auto it = params.find(name);
  return it == params.end() ? "" : it->second;
}

}  // namespace

TokenEndpoint::TokenEndpoint(World* world, TokenIssuer* tokens,
                             HttpFaults* faults, ServedApp app,
                             std::unique_ptr<AssertionVerifier> verifier,
                             const ports::Clock* clock)
    : world_(world),
      tokens_(tokens),
      faults_(faults),
      app_(std::move(app)),
      verifier_(std::move(verifier)),
      clock_(clock) {}

std::string TokenEndpoint::ResolveTenant(const std::string& segment) const {
  if (world_->HasTenant(segment)) return absl::AsciiStrToLower(segment);
  for (const std::string& tenant_id : world_->TenantIds()) {
    std::vector<std::string> domains;
    world_->ReadTenantDomains(tenant_id, &domains);
    for (const std::string& domain : domains) {
      if (absl::EqualsIgnoreCase(domain, segment)) return tenant_id;
    }
  }
  return "";
}

WireAnswer TokenEndpoint::Handle(WireRequest request) const {
  const absl::Time now = clock_->Now();
  const std::string segment =
      request.captures.empty() ? "" : request.captures[0];
  request.tenant_id = ResolveTenant(segment);
  if (request.tenant_id.empty()) {
    return AadstsAnswer("90002", "", request, now);
  }
  if (const std::string code = faults_->TenantAadsts(request.tenant_id);
      !code.empty()) {
    WireAnswer answer = AadstsAnswer(code, "", request, now);
    answer.fault = "aadsts";
    return answer;
  }
  httplib::Params form;
  httplib::detail::parse_query_text(request.body, form);
  if (Param(form, "grant_type") != "client_credentials") {
    return AadstsAnswer("70003", "", request, now, "unsupported_grant_type");
  }
  if (Param(form, "client_id") != app_.client_id) {
    return AadstsAnswer("700016", "", request, now);
  }
  if (!absl::EndsWith(Param(form, "scope"), "/.default")) {
    return AadstsAnswer("1002012", "", request, now, "invalid_scope");
  }
  if (!Param(form, "client_assertion").empty() &&
      Param(form, "client_assertion_type") != kJwtBearer) {
    return AadstsAnswer("700027", "client_assertion_type is not jwt-bearer",
                        request, now);
  }
  bool ok = false;
  WireAnswer refusal = CheckCredential(request, Param(form, "client_assertion"),
                                       Param(form, "client_secret"), &ok);
  return ok ? Issue(request) : refusal;
}

WireAnswer TokenEndpoint::CheckCredential(const WireRequest& request,
                                          const std::string& assertion,
                                          const std::string& secret,
                                          bool* ok) const {
  const absl::Time now = clock_->Now();
  *ok = false;
  if (!assertion.empty()) {
    if (verifier_ == nullptr) {
      return AadstsAnswer("700027", "no certificate is registered", request,
                          now);
    }
    const std::string token_url =
        absl::StrCat("https://", request.host, request.path);
    AssertionRefusal refusal =
        verifier_->Verify(assertion, app_.client_id, token_url, now);
    if (!refusal.aadsts_code.empty()) {
      return AadstsAnswer(refusal.aadsts_code, refusal.reason, request, now);
    }
  } else if (secret.empty()) {
    return AadstsAnswer("7000218", "", request, now);
  } else if (!SecretMatches(secret, app_.client_secret)) {
    return AadstsAnswer("7000215", "", request, now);
  }
  *ok = true;
  return WireAnswer();
}

WireAnswer TokenEndpoint::Issue(const WireRequest& request) const {
  const int64_t seconds = absl::ToInt64Seconds(tokens_->lifetime());
  WireAnswer answer;
  answer.content_type = "application/json; charset=utf-8";
  answer.tenant = request.tenant_id;
  answer.body =
      nlohmann::json{
          {"token_type", "Bearer"},
          {"expires_in", seconds},
          {"ext_expires_in", seconds},
          {"access_token", tokens_->Issue(request.tenant_id, app_.client_id)}}
          .dump();
  return answer;
}

}  // namespace cordon::sim::serve
