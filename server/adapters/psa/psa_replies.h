#ifndef CORDON_SERVER_ADAPTERS_PSA_PSA_REPLIES_H_
#define CORDON_SERVER_ADAPTERS_PSA_PSA_REPLIES_H_

// The steps every PSA adapter takes the same way, each product giving its
// URL and its reader: find the API base (discovery, cached), read a tag
// lookup's answer, read a created ticket's id. A 2xx answer that its reader
// refuses is UnreadableAnswer (retryable: a create that was made is found
// by its tag on the next attempt).

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/adapters/psa/create_once.h"
#include "server/adapters/psa/discovery_cache.h"
#include "server/adapters/psa/psa_call.h"
#include "server/adapters/psa/ticket_tag.h"
#include "server/ports/psa.h"

namespace cordon::adapters::psa {

using TextReader =
    std::function<absl::StatusOr<std::string>(absl::string_view body)>;
using TicketsReader = std::function<absl::StatusOr<std::vector<FoundTicket>>(
    absl::string_view body)>;

// Where a product's REST API answers for one integration.
struct ApiBase {
  ports::PsaCallOutcome failure;  // why there is none
  std::string base;               // "" on failure
  std::string key;                // its DiscoveryCache key
};

// The base cached under `key`, or GET `url` (no credentials: discovery
// calls take none) read by `read_base` and cached.
ApiBase DiscoverApiBase(const PsaCaller& caller, DiscoveryCache& cache,
                        std::string key, std::string url,
                        absl::string_view product,
                        const ErrorReader& read_error,
                        const TextReader& read_base);

// The ticket holding the tag of `reference` in a lookup's reply.
TagLookup TagLookupOf(PsaReply reply, const TicketsReader& read,
                      const std::string& reference, absl::string_view product);

// A create's outcome with the id `read_id` finds in its reply.
ports::PsaCallOutcome CreatedTicket(PsaReply reply, const TextReader& read_id,
                                    absl::string_view product);

}  // namespace cordon::adapters::psa

#endif  // CORDON_SERVER_ADAPTERS_PSA_PSA_REPLIES_H_
