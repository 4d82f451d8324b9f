#ifndef CORDON_SERVER_ADAPTERS_GRAPH_GRAPH_ERROR_JSON_H_
#define CORDON_SERVER_ADAPTERS_GRAPH_GRAPH_ERROR_JSON_H_

// Microsoft Graph's error body, {"error": {"code", "message", "innerError"}}
// (https://learn.microsoft.com/graph/errors). Shapes:
// tests/contract/graph/graph_error_*.json and delta_*.json. ISO-11 classifies
// from the HTTP status, the headers and these codes, never from the message.
//
// Parse errors as in json_reader.h: kResourceExhausted (over the size cap),
// kDataLoss (not one whole JSON value; a gateway's HTML page, a cut
// connection), kInvalidArgument (JSON that is not the documented shape). On
// any of them the caller still has the HTTP status to classify by.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace cordon::adapters::graph {

struct GraphError {
  // error.code, e.g. "Authorization_RequestDenied"; never empty.
  std::string code;
  // error.message, for the record (ISO-11); "" when absent.
  std::string message;
  // The codes of nested innerError objects, outermost first; Graph's errors
  // page says the inner ones may be more specific.
  std::vector<std::string> inner_codes;
  // From the outermost innerError, for support cases; "" when absent.
  std::string request_id;
  std::string client_request_id;
  std::string date;

  // Whether `code` is error.code or one of the inner codes, compared without
  // regard to case (Graph has sent both syncStateNotFound and
  // SyncStateNotFound).
  bool HasCode(absl::string_view wanted) const;
};

// error must be an object with a string code; message, innerError (also
// spelled innererror) and the innerError members are optional but must have
// their documented types when present. Nesting is bounded by the parser.
absl::StatusOr<GraphError> ParseGraphError(absl::string_view body);

// ISO-12: the stored deltaLink can no longer be used and the users must be
// read again from the start: 410 Gone (a synchronization reset), or an error
// code syncStateNotFound (token expired, 400) or resyncRequired. Pass a
// default GraphError when the body did not parse: the 410 alone decides.
bool RequiresFullDeltaSync(int http_status, const GraphError& error);

}  // namespace cordon::adapters::graph

#endif  // CORDON_SERVER_ADAPTERS_GRAPH_GRAPH_ERROR_JSON_H_
