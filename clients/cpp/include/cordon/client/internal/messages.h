#ifndef CORDON_CLIENT_INTERNAL_MESSAGES_H_
#define CORDON_CLIENT_INTERNAL_MESSAGES_H_

// The conventions of Cordon's requests and responses, read through the
// message descriptors so that one piece of code serves every RPC: creates
// carry request_id, lists page_size/page_token/next_page_token and one
// repeated resource field, updates the resource and an update_mask.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "google/protobuf/message.h"

namespace cordon::client::internal {

// Sets `request_id` to `id` when the request has that string field and it is
// empty (a caller's own id is kept). True when it was set.
bool FillRequestId(google::protobuf::Message* request, const std::string& id);

// Sets the request's page_token (no-op when it has none).
void SetPageToken(google::protobuf::Message* request, const std::string& token);
std::string NextPageToken(const google::protobuf::Message& response);

// The response's repeated field holding `item` messages; nullptr if none.
const google::protobuf::FieldDescriptor* ItemsField(
    const google::protobuf::Descriptor* response,
    const google::protobuf::Descriptor* item);

// Fills an Update request: copies `resource` (with its name and etag) into
// the request's field of that type and sets update_mask to `field_paths`.
// INVALID_ARGUMENT (nothing sent) for no paths, a path the resource does
// not have, or a request that is not an update of this resource.
absl::Status BuildUpdateRequest(const google::protobuf::Message& resource,
                                const std::vector<std::string>& field_paths,
                                google::protobuf::Message* request);

}  // namespace cordon::client::internal

#endif  // CORDON_CLIENT_INTERNAL_MESSAGES_H_
