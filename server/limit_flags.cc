#include "server/limit_flags.h"

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"

ABSL_FLAG(double, rate_limit_per_key, 100,
          "calls per second one API key may make on average; more are "
          "RESOURCE_EXHAUSTED (RATE_LIMITED) with a RetryInfo; 0 = no limit");
ABSL_FLAG(int, rate_limit_burst, 200,
          "calls one API key may make at once after a quiet spell");
ABSL_FLAG(int, max_message_bytes,
          cordon::api::ServerOptions{}.max_message_bytes,
          "the largest request accepted, in bytes");
ABSL_FLAG(int, max_concurrent_streams,
          cordon::api::ServerOptions{}.max_concurrent_streams,
          "calls one client connection may have in progress at once");
ABSL_FLAG(int, max_threads, cordon::api::ServerOptions{}.max_threads,
          "threads calls run on (each open WatchEvents stream holds one); "
          "a call beyond is RESOURCE_EXHAUSTED");

namespace cordon {
namespace {

// Room for ordinary calls besides the event streams, which hold a thread
// each for as long as they are open.
constexpr int kThreadsBesideStreams = 16;

absl::Status OutOfRange(absl::string_view flag, double low, double high) {
  return absl::InvalidArgumentError(
      absl::StrCat("--", flag, " must be between ", low, " and ", high));
}

}  // namespace

absl::Status ReadLimitFlags(api::ServerOptions* options) {
  const double rate = absl::GetFlag(FLAGS_rate_limit_per_key);
  const int burst = absl::GetFlag(FLAGS_rate_limit_burst);
  if (!(rate >= 0 && rate <= 1e6)) {
    return OutOfRange("rate_limit_per_key", 0, 1e6);
  }
  if (burst < 1 || burst > 1000000) {
    return OutOfRange("rate_limit_burst", 1, 1e6);
  }
  options->rate_limit = {rate, burst};
  options->max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  if (options->max_message_bytes < 64 << 10 ||
      options->max_message_bytes > 64 << 20) {
    return OutOfRange("max_message_bytes", 64 << 10, 64 << 20);
  }
  options->max_concurrent_streams = absl::GetFlag(FLAGS_max_concurrent_streams);
  if (options->max_concurrent_streams < 1 ||
      options->max_concurrent_streams > 10000) {
    return OutOfRange("max_concurrent_streams", 1, 10000);
  }
  options->max_threads = absl::GetFlag(FLAGS_max_threads);
  const int fewest = options->events.max_streams + kThreadsBesideStreams;
  if (options->max_threads < fewest || options->max_threads > 100000) {
    return absl::InvalidArgumentError(
        absl::StrCat("--max_threads must be between --max_event_streams + ",
                     kThreadsBesideStreams, " (", fewest, ") and 100000"));
  }
  return absl::OkStatus();
}

}  // namespace cordon
