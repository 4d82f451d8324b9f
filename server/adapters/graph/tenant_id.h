#ifndef CORDON_SERVER_ADAPTERS_GRAPH_TENANT_ID_H_
#define CORDON_SERVER_ADAPTERS_GRAPH_TENANT_ID_H_

#include "absl/strings/string_view.h"

namespace cordon::adapters::graph {

// A tenant id as it may go into the token URL's path
// ({login}/{tenant}/oauth2/v2.0/token): a GUID or a domain name such as
// "contoso.onmicrosoft.com". Only letters, digits, '-' and '.', at most 253
// characters, labels neither empty nor starting or ending with '-', so that
// no '/', '?', '#', '%' or whitespace can change which URL is asked.
bool IsValidTenantId(absl::string_view tenant_id);

}  // namespace cordon::adapters::graph

#endif  // CORDON_SERVER_ADAPTERS_GRAPH_TENANT_ID_H_
