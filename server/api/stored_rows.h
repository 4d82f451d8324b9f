#ifndef CORDON_SERVER_API_STORED_ROWS_H_
#define CORDON_SERVER_API_STORED_ROWS_H_

#include <string>
#include <vector>

#include "google/protobuf/message.h"

namespace cordon::api {

// Appends `rows`, each a serialized message as the store keeps it, to the
// repeated message field `field_number` of `response` without parsing them.
// They go into the response's unknown fields, which protobuf writes out as
// they are: on the wire, the same field with the same bytes that parsing
// and adding them would have sent, so every client reads them as usual. A
// page of 50 identities then skips 50 parses, copies, destructions and
// serializations (docs/benchmarks.md). Only for rows the caller may see
// whole, exactly as stored; `rows` is left empty.
void AppendStoredRows(int field_number, std::vector<std::string>* rows,
                      google::protobuf::Message* response);

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_STORED_ROWS_H_
