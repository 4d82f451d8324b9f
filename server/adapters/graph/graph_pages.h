#ifndef CORDON_SERVER_ADAPTERS_GRAPH_GRAPH_PAGES_H_
#define CORDON_SERVER_ADAPTERS_GRAPH_GRAPH_PAGES_H_

// Reading a Graph collection that may come in pages (@odata.nextLink).

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/adapters/graph/graph_caller.h"
#include "server/adapters/graph/graph_urls.h"
#include "server/core/isolation/graph_error.h"

namespace cordon::adapters::graph {

// Reads one page's body: keeps what it needs and returns the page's
// @odata.nextLink ("" on the last page), or the parse error.
using PageReader =
    std::function<absl::StatusOr<std::string>(absl::string_view body)>;

// GETs `first_url` and then each next link while pages follow, at most
// `max_pages` of them. The first failed page's outcome ends the reading; a
// page that does not parse, a next link outside the base URL, or more than
// `max_pages` pages end it with MalformedAnswerOutcome(). On success returns
// the last page's outcome.
core::GraphCallOutcome ReadAllPages(const GraphCaller& caller,
                                    const GraphUrls& urls,
                                    absl::string_view tenant_id,
                                    std::string first_url, int max_pages,
                                    const PageReader& read_page);

}  // namespace cordon::adapters::graph

#endif  // CORDON_SERVER_ADAPTERS_GRAPH_GRAPH_PAGES_H_
