// E-mail throughput through the real SMTP adapter to a real SMTP server
// (aiosmtpd via tests/mail/smtp_sink.py, STARTTLS on loopback): messages/s
// when one SmtpMailer keeps its connection open between messages, against a
// new mailer (a new TCP connection, EHLO, STARTTLS handshake) per message,
// and their ratio, all in one run. Every message is checked DELIVERED (250)
// and the server's count of received files is checked at the end. See
// docs/benchmarks.md.

#include <chrono>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "server/adapters/mail/smtp_mailer.h"
#include "server/ports/clock.h"
#include "testing/temp_dir.h"
#include "tests/mail/smtp_sink.h"

namespace cordon::bench {
namespace {

using adapters::mail::SmtpMailer;
using adapters::mail::SmtpOptions;
using Clock = std::chrono::steady_clock;

ports::EmailMessage Message(int n) {
  ports::EmailMessage message;
  message.message_id = absl::StrCat("bench/", n);
  message.to = "ada@msp.example";
  message.subject = "[Cordon] HIGH LOGIN_UNEXPECTED_COUNTRY: country:RU";
  message.title = "Was this sign-in expected?";
  message.body = "Was this sign-in expected?\n";
  message.facts = {{"Severity", "HIGH"}, {"Answer by", "tomorrow"}};
  message.answers = {"EXPECTED", "UNAUTHORIZED", "DISMISS"};
  return message;
}

// Sends `count` messages, numbered from `first`, with a mailer from
// `next_mailer` for each: messages/s, or 0 when one was not delivered.
template <typename NextMailer>
double Rate(int first, int count, NextMailer next_mailer) {
  const auto start = Clock::now();
  for (int n = first; n < first + count; ++n) {
    if (next_mailer().Send(Message(n)).kind !=
        ports::MailOutcome::Kind::kDelivered) {
      return 0;
    }
  }
  const double seconds =
      std::chrono::duration<double>(Clock::now() - start).count();
  return count / seconds;
}

void MailThroughput(benchmark::State& state) {
  const int count = static_cast<int>(state.range(0));
  testing::TempDir dir;
  mail_testing::SmtpSink sink(dir.path(), {});
  if (!sink.error().empty()) {
    state.SkipWithError(sink.error().c_str());
    return;
  }
  ports::SystemClock clock;
  SmtpOptions options;
  options.url = sink.url();
  options.from = "Cordon <cordon@msp.example>";
  options.ca_file = sink.ca_file();
  double reuse = 0;
  double fresh = 0;
  for (auto _ : state) {
    SmtpMailer kept(options, &clock);
    reuse = Rate(0, count, [&]() -> SmtpMailer& { return kept; });
    std::unique_ptr<SmtpMailer> each;
    fresh = Rate(count, count, [&]() -> SmtpMailer& {
      each = std::make_unique<SmtpMailer>(options, &clock);
      return *each;
    });
  }
  const size_t received =
      sink.WaitForMessages(2 * count, Clock::now() + std::chrono::seconds(10))
          .size();
  if (reuse == 0 || fresh == 0 || received != 2u * count) {
    state.SkipWithError("a message was not delivered");
    return;
  }
  state.counters["reuse_msgs_per_s"] = reuse;
  state.counters["new_connection_msgs_per_s"] = fresh;
  state.counters["reuse_ratio"] = reuse / fresh;
  state.counters["connections"] = static_cast<double>(sink.connection_count());
}

// One iteration of 200 + 200 messages (a few seconds).
BENCHMARK(MailThroughput)
    ->Arg(200)
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace cordon::bench
