#include "server/adapters/graph/graph_pages.h"

#include <string>
#include <utility>

#include "server/adapters/graph/graph_outcome.h"

namespace cordon::adapters::graph {

core::GraphCallOutcome ReadAllPages(const GraphCaller& caller,
                                    const GraphUrls& urls,
                                    absl::string_view tenant_id,
                                    std::string first_url, int max_pages,
                                    const PageReader& read_page) {
  std::string url = std::move(first_url);
  for (int page = 0; page < max_pages; ++page) {
    GraphAnswer answer = caller.Call(tenant_id, http::HttpMethod::kGet,
                                     std::move(url), "", CallPriority::kNormal);
    if (!Succeeded(answer.outcome)) return answer.outcome;
    absl::StatusOr<std::string> next_link = read_page(answer.body);
    if (!next_link.ok()) return MalformedAnswerOutcome();
    if (next_link->empty()) return answer.outcome;
    if (!urls.IsBelowBase(*next_link)) return MalformedAnswerOutcome();
    url = *std::move(next_link);
  }
  // No mailbox has that many rules and no tenant that many domains: a
  // server that keeps paging is broken, and reading on would never end.
  return MalformedAnswerOutcome();
}

}  // namespace cordon::adapters::graph
