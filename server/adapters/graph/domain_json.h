#ifndef CORDON_SERVER_ADAPTERS_GRAPH_DOMAIN_JSON_H_
#define CORDON_SERVER_ADAPTERS_GRAPH_DOMAIN_JSON_H_

// Graph's domain collection (GET /domains): the tenant's domains, which tell
// mail that stays in the tenant from mail that leaves it (ISO-3). Shape:
// tests/contract/graph/domains.json. Parse errors as in json_reader.h
// (kResourceExhausted, kDataLoss, kInvalidArgument).

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace cordon::adapters::graph {

struct DomainsPage {
  // The ids (domain names) of the domains with isVerified true, in answer
  // order. An unverified domain is anyone's claim, so it does not count as
  // the tenant's.
  std::vector<std::string> verified_domains;
  // @odata.nextLink when Graph pages the list; "" on the last page.
  std::string next_link;
};

// value must be an array of objects with a non-empty string id and a
// boolean isVerified (absent or null reads as not verified).
absl::StatusOr<DomainsPage> ParseDomains(absl::string_view body);

}  // namespace cordon::adapters::graph

#endif  // CORDON_SERVER_ADAPTERS_GRAPH_DOMAIN_JSON_H_
