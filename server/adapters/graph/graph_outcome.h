#ifndef CORDON_SERVER_ADAPTERS_GRAPH_GRAPH_OUTCOME_H_
#define CORDON_SERVER_ADAPTERS_GRAPH_GRAPH_OUTCOME_H_

// What one HTTP exchange with Graph means as a core::GraphCallOutcome, the
// input of core::ClassifyGraphOutcome (ISO-11). Classification reads the
// status, the headers and the documented error body's codes, never the
// message text.

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/adapters/http/http_client.h"
#include "server/core/isolation/graph_error.h"

namespace cordon::adapters::graph {

// A 2xx whose body the call needs (a user, a page of rules or domains, a
// folder) but that is not the documented shape: HTML from a gateway, JSON cut
// short, wrong types, too many pages. GraphCallOutcome has no field for "the
// answer was broken", so such an answer is reported as a 502 Bad Gateway
// with this code: ClassifyGraphOutcome reads it as kRetryable (other 5xx),
// which fits the usual cause (a proxy or a cut connection) and leaves the
// bound on retries to the outbox worker. A 2xx is never reported as success
// unless its body was read.
inline constexpr absl::string_view kMalformedAnswerCode =
    "CordonMalformedGraphAnswer";

// The answer was larger than max_response_bytes; reported as a 502 too.
inline constexpr absl::string_view kAnswerTooLargeCode =
    "CordonGraphAnswerTooLarge";

// A stored delta link that is not below --graph_base_url (ISO-12): never
// requested; the inventory starts a new round instead.
inline constexpr absl::string_view kDeltaLinkOutsideBaseCode =
    "CordonDeltaLinkOutsideBase";

// The outcome of `response`:
//   transport kOk        http_status, retry_after (Retry-After read against
//                        `now`), throttle_scope from x-ms-throttle-scope
//                        (one mailbox, or a whole tenant; else kUnstated),
//                        and for non-2xx the error.code of the body
//                        when it parses as Graph's error body
//   kTimedOut            timed_out, http_status 0
//   kResponseTooLarge    http_status 502, kAnswerTooLargeCode
//   connect, TLS, other  http_status 0 (no response)
core::GraphCallOutcome OutcomeOfResponse(const http::HttpResponse& response,
                                         absl::Time now);

// The outcome reported for a 2xx with an unreadable body; see
// kMalformedAnswerCode.
core::GraphCallOutcome MalformedAnswerOutcome();

// A 2xx that arrived in time.
bool Succeeded(const core::GraphCallOutcome& outcome);

}  // namespace cordon::adapters::graph

#endif  // CORDON_SERVER_ADAPTERS_GRAPH_GRAPH_OUTCOME_H_
