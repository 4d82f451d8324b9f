#include "server/adapters/psa/psa_replies.h"

#include <utility>

namespace cordon::adapters::psa {

ApiBase DiscoverApiBase(const PsaCaller& caller, DiscoveryCache& cache,
                        std::string key, std::string url,
                        absl::string_view product,
                        const ErrorReader& read_error,
                        const TextReader& read_base) {
  ApiBase api;
  api.key = std::move(key);
  if (absl::optional<std::string> cached = cache.Get(api.key)) {
    api.base = *cached;
    return api;
  }
  PsaReply reply =
      caller.Call(JsonRequest(http::HttpMethod::kGet, std::move(url), ""),
                  product, read_error);
  if (!reply.ok()) {
    api.failure = std::move(reply.outcome);
    return api;
  }
  absl::StatusOr<std::string> base = read_base(reply.body);
  if (!base.ok()) {
    api.failure = UnreadableAnswer(product, base.status().message());
    return api;
  }
  cache.Put(api.key, *base);
  api.base = *base;
  return api;
}

TagLookup TagLookupOf(PsaReply reply, const TicketsReader& read,
                      const std::string& reference, absl::string_view product) {
  TagLookup lookup;
  const bool ok = reply.ok();
  lookup.outcome = std::move(reply.outcome);
  if (!ok) return lookup;
  absl::StatusOr<std::vector<FoundTicket>> found = read(reply.body);
  if (!found.ok()) {
    lookup.outcome = UnreadableAnswer(product, found.status().message());
    return lookup;
  }
  lookup.ticket_id = FindTagged(*found, reference);
  return lookup;
}

ports::PsaCallOutcome CreatedTicket(PsaReply reply, const TextReader& read_id,
                                    absl::string_view product) {
  if (!reply.ok()) return std::move(reply.outcome);
  absl::StatusOr<std::string> id = read_id(reply.body);
  if (!id.ok()) return UnreadableAnswer(product, id.status().message());
  reply.outcome.ticket_id = *id;
  return std::move(reply.outcome);
}

}  // namespace cordon::adapters::psa
