#ifndef CORDON_SERVER_ADAPTERS_PSA_PSA_CALL_H_
#define CORDON_SERVER_ADAPTERS_PSA_PSA_CALL_H_

// One HTTP exchange with a PSA and what it means as a ports::PsaCallOutcome:
// the bounds every call carries (DESIGN rule 6), the transport failures in
// the words ClassifyPsaOutcome knows, Retry-After, and the PSA's own error
// words through a per-product reader. Shared by the three PSA adapters;
// never retries (the outbox worker owns retries).

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/adapters/http/http_client.h"
#include "server/ports/clock.h"
#include "server/ports/psa.h"

namespace cordon::adapters::psa {

// Bounds of every PSA call, from --psa_timeout.
struct PsaCallLimits {
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds total_timeout{30'000};
  // A ticket or a page of a tag lookup is kilobytes.
  size_t max_response_bytes = 1 << 20;
};

// Run on every URL before it is asked (the endpoint the admin configured and
// the API base a discovery answered): the place for the server's address
// policy (no private endpoints without --allow_private_endpoints). A refused
// URL is answered 400 with the status's message, and nothing is sent.
using UrlCheck = std::function<absl::Status(const std::string& url)>;

// The PSA's error words from an error body; "" when it has none readable.
using ErrorReader = std::function<std::string(absl::string_view body)>;

struct PsaReply {
  ports::PsaCallOutcome outcome;
  // The body of a 2xx answer; "" otherwise.
  std::string body;
  bool ok() const {
    return !outcome.timed_out && outcome.http_status >= 200 &&
           outcome.http_status < 300;
  }
};

class PsaCaller {
 public:
  // `http` and `clock` must outlive this. `check_url` may be empty.
  PsaCaller(http::HttpClient* http, const ports::Clock* clock,
            PsaCallLimits limits, UrlCheck check_url);

  // Sends `request` with the limits set; `product` ("ConnectWise") starts
  // every message, `read_error` reads a non-2xx body. Thread-safe.
  PsaReply Call(http::HttpRequest request, absl::string_view product,
                const ErrorReader& read_error) const;

  const ports::Clock& clock() const { return *clock_; }

 private:
  http::HttpClient* http_;
  const ports::Clock* clock_;
  PsaCallLimits limits_;
  UrlCheck check_url_;
};

// A JSON request: method, URL, Accept and Content-Type set.
http::HttpRequest JsonRequest(http::HttpMethod method, std::string url,
                              std::string body);

// The outcome of a PSA answer that arrived but cannot be read (a 2xx whose
// body is not the documented shape): 502, retryable, with `why`.
ports::PsaCallOutcome UnreadableAnswer(absl::string_view product,
                                       absl::string_view why);

// An integration whose fields cannot make a request (a board that is no
// id, an endpoint that is no https URL): 400, permanent, with `problem`
// naming the field. Nothing was sent.
ports::PsaCallOutcome BadIntegration(absl::string_view product,
                                     absl::string_view problem);

// A ticket id that is no record id (AddTicketNote): 400, nothing sent.
ports::PsaCallOutcome BadTicketId(absl::string_view product);

// Text from a PSA made safe for a message: control characters become
// spaces and it is cut to a few hundred bytes (on a UTF-8 boundary).
std::string CleanPsaText(absl::string_view text);

}  // namespace cordon::adapters::psa

#endif  // CORDON_SERVER_ADAPTERS_PSA_PSA_CALL_H_
