#include "server/api/stored_rows.h"

#include "google/protobuf/unknown_field_set.h"

namespace cordon::api {

void AppendStoredRows(int field_number, std::vector<std::string>* rows,
                      google::protobuf::Message* response) {
  google::protobuf::UnknownFieldSet* unknown =
      response->GetReflection()->MutableUnknownFields(response);
  for (std::string& row : *rows) {
    unknown->AddLengthDelimited(field_number)->swap(row);
  }
  rows->clear();
}

}  // namespace cordon::api
