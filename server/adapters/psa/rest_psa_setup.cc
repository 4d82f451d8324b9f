#include "server/adapters/psa/rest_psa_setup.h"

#include <algorithm>
#include <chrono>
#include <fstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace cordon::adapters::psa {
namespace {

constexpr absl::Duration kMinTimeout = absl::Seconds(1);
constexpr absl::Duration kMaxTimeout = absl::Minutes(5);
constexpr absl::Duration kMaxConnectTimeout = absl::Seconds(5);

std::chrono::milliseconds Millis(absl::Duration duration) {
  return std::chrono::milliseconds(absl::ToInt64Milliseconds(duration));
}

PsaCallLimits LimitsOf(const RestPsaSettings& settings) {
  PsaCallLimits limits;
  limits.connect_timeout =
      Millis(std::min(settings.timeout, kMaxConnectTimeout));
  limits.total_timeout = Millis(settings.timeout);
  return limits;
}

http::CurlHttpClient::Options HttpOptions(const RestPsaSettings& settings) {
  http::CurlHttpClient::Options options;
  options.ca_file = settings.ca_file;
  return options;
}

}  // namespace

absl::StatusOr<std::unique_ptr<RestPsaSetup>> RestPsaSetup::Create(
    const RestPsaSettings& settings, const ports::Clock& clock) {
  if (settings.timeout < kMinTimeout || settings.timeout > kMaxTimeout) {
    return absl::InvalidArgumentError(
        absl::StrCat("--psa_timeout=", absl::FormatDuration(settings.timeout),
                     " must be between 1s and 5m"));
  }
  if (!settings.ca_file.empty() && !std::ifstream(settings.ca_file).good()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--psa_ca_file=", settings.ca_file, " cannot be read"));
  }
  return std::unique_ptr<RestPsaSetup>(new RestPsaSetup(settings, clock));
}

RestPsaSetup::RestPsaSetup(const RestPsaSettings& settings,
                           const ports::Clock& clock)
    : settings_(settings),
      http_(HttpOptions(settings)),
      caller_(&http_, &clock, LimitsOf(settings), settings.url_check),
      connectwise_(&caller_),
      autotask_(&caller_, LimitsOf(settings).total_timeout),
      halo_(&caller_),
      by_kind_(&connectwise_, &autotask_, &halo_) {}

std::string RestPsaSetup::description() const {
  return absl::StrCat(
      "PSA adapters: ConnectWise PSA, Autotask and HaloPSA over HTTPS "
      "(timeout ",
      absl::FormatDuration(settings_.timeout),
      settings_.ca_file.empty() ? ", system trust store)"
                                : ", trusting --psa_ca_file)");
}

}  // namespace cordon::adapters::psa
