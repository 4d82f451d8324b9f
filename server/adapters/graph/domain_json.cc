#include "server/adapters/graph/domain_json.h"

#include <string>
#include <utility>
#include <vector>

#include "server/adapters/graph/json_reader.h"

namespace cordon::adapters::graph {
namespace {

constexpr absl::string_view kDomainsResponse = "Graph domain list";

void ReadDomain(JsonObjectReader& domain, std::vector<std::string>* verified) {
  std::string id = domain.RequiredNonEmptyString("id");
  const bool is_verified = domain.OptionalBool("isVerified").value_or(false);
  if (is_verified) verified->push_back(std::move(id));
}

}  // namespace

absl::StatusOr<DomainsPage> ParseDomains(absl::string_view body) {
  return ReadJsonAnswer<DomainsPage>(
      body, kDomainsResponse, [](JsonObjectReader& page) {
        DomainsPage result;
        ForEachObject(page.RequiredArray("value"), "value", page.errors(),
                      [&](JsonObjectReader& domain) {
                        ReadDomain(domain, &result.verified_domains);
                      });
        result.next_link = page.OptionalString("@odata.nextLink").value_or("");
        return result;
      });
}

}  // namespace cordon::adapters::graph
