#include "tools/cordon-sim/served_world.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "server/core/errors.h"
#include "simulator/scenario_parse.h"
#include "simulator/scenario_setup.h"

namespace cordon::sim {
namespace {

using cordon::sim::v1::ServedFaults;
using cordon::sim::v1::ServedWorld;

// A world of a million users (1,000 tenants of 1,000) is about 40 MB of
// text: tools/bench/million/load_million.py serves one.
constexpr size_t kMaxWorldBytes = 256 << 20;

absl::Status AddFaultTenants(const ServedFaults& in,
                             const TenantAliases& tenants,
                             serve::HttpFaultConfig* out) {
  for (const auto& aadsts : in.tenant_aadsts()) {
    CORDON_ASSIGN_OR_RETURN(
        std::string tenant_id,
        TenantIdOf(tenants, "faults.tenant_aadsts.tenant", aadsts.tenant()));
    out->tenant_aadsts[tenant_id] = aadsts.code();
  }
  return absl::OkStatus();
}

absl::StatusOr<serve::HttpFaultConfig> ToFaults(const ServedFaults& in,
                                                const TenantAliases& tenants) {
  serve::HttpFaultConfig out;
  out.failure_rate = in.failure_rate();
  for (const auto& pool : in.status_pools()) {
    out.status_pools[pool.method()] = {pool.statuses().begin(),
                                       pool.statuses().end()};
  }
  if (in.has_retry_after_seconds()) {
    out.retry_after_seconds = in.retry_after_seconds();
  }
  out.punish_early_retry = in.punish_early_retry();
  out.rate_limit_requests = in.rate_limit_requests();
  CORDON_ASSIGN_OR_RETURN(
      out.rate_limit_window,
      ParseDurationText("faults.rate_limit_window", in.rate_limit_window(),
                        absl::Minutes(1)));
  CORDON_ASSIGN_OR_RETURN(
      out.latency_min, ParseDurationText("faults.latency_min", in.latency_min(),
                                         absl::ZeroDuration()));
  CORDON_ASSIGN_OR_RETURN(
      out.latency_max, ParseDurationText("faults.latency_max", in.latency_max(),
                                         out.latency_min));
  CORDON_RETURN_IF_ERROR(AddFaultTenants(in, tenants, &out));
  for (const auto& s : in.scripted()) {
    out.scripted.push_back(
        {s.method(), s.path_regex(), s.nth() == 0 ? 1 : s.nth(), s.status(),
         s.body(), s.has_retry_after_seconds() ? s.retry_after_seconds() : -1});
  }
  if (absl::Status s = serve::ValidateHttpFaults(out); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("faults: ", s.message()));
  }
  return out;
}

absl::Status ReadApp(const cordon::sim::v1::ServedApp& app,
                     serve::ServedApp* out) {
  out->client_id = app.client_id();
  if (!app.client_secret_file().empty()) {
    CORDON_ASSIGN_OR_RETURN(
        out->client_secret,
        ReadSmallFile("app.client_secret_file", app.client_secret_file()));
  }
  if (!app.client_certificate_file().empty()) {
    CORDON_ASSIGN_OR_RETURN(out->client_certificate_pem,
                            ReadSmallFile("app.client_certificate_file",
                                          app.client_certificate_file()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> ReadSmallFile(const std::string& what,
                                          const std::string& path,
                                          size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in) {
    return absl::FailedPreconditionError(
        absl::StrCat(what, ": cannot read ", path));
  }
  if (text.str().size() > max_bytes) {
    return absl::FailedPreconditionError(absl::StrCat(
        what, ": ", path, " is larger than ", max_bytes, " bytes"));
  }
  return std::string(absl::StripSuffix(text.str(), "\n"));
}

absl::StatusOr<ServedWorld> LoadServedWorld(const std::string& path) {
  CORDON_ASSIGN_OR_RETURN(std::string text,
                          ReadSmallFile("--world", path, kMaxWorldBytes));
  ServedWorld world;
  if (absl::Status parsed = ParseTextFormat(text, &world); !parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--world ", path, ": ", parsed.message()));
  }
  return world;
}

absl::StatusOr<serve::ServeOptions> SetUpServedWorld(const ServedWorld& file,
                                                     World& world) {
  CORDON_ASSIGN_OR_RETURN(TenantAliases tenants,
                          ParseTenantAliases(file.world()));
  CORDON_RETURN_IF_ERROR(SetUpWorld(file.world(), world));
  serve::ServeOptions options;
  CORDON_RETURN_IF_ERROR(ReadApp(file.app(), &options.app));
  CORDON_ASSIGN_OR_RETURN(options.faults, ToFaults(file.faults(), tenants));
  if (file.rules_page_size() < 0) {
    return absl::InvalidArgumentError("rules_page_size must not be negative");
  }
  options.rules_page_size = file.rules_page_size();
  CORDON_ASSIGN_OR_RETURN(
      options.directory_sync_interval,
      ParseDurationText("directory_sync_interval",
                        file.directory_sync_interval(), absl::ZeroDuration()));
  CORDON_ASSIGN_OR_RETURN(
      options.token_lifetime,
      ParseDurationText("token_lifetime", file.token_lifetime(),
                        absl::Hours(1)));
  return options;
}

}  // namespace cordon::sim
