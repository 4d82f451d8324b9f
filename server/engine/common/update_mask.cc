#include "server/engine/common/update_mask.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/field_mask_util.h"
#include "server/core/errors.h"

namespace cordon::engine {

absl::Status ApplyUpdateMask(const google::protobuf::FieldMask& mask,
                             const std::vector<std::string>& updatable,
                             const google::protobuf::Message& patch,
                             google::protobuf::Message* target) {
  using google::protobuf::util::FieldMaskUtil;
  if (mask.paths_size() == 0) {
    return core::InvalidField(
        "update_mask",
        absl::StrCat("required: name the fields to change (or \"*\"); "
                     "updatable: ",
                     absl::StrJoin(updatable, ", ")));
  }
  google::protobuf::FieldMask effective;
  for (const std::string& path : mask.paths()) {
    if (path == "*") {
      for (const std::string& field : updatable) effective.add_paths(field);
      continue;
    }
    if (std::find(updatable.begin(), updatable.end(), path) ==
        updatable.end()) {
      return core::InvalidField(
          "update_mask", absl::StrCat("\"", path.substr(0, 100),
                                      "\" cannot be updated; updatable: ",
                                      absl::StrJoin(updatable, ", ")));
    }
    effective.add_paths(path);
  }
  FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  FieldMaskUtil::MergeMessageTo(patch, effective, options, target);
  return absl::OkStatus();
}

}  // namespace cordon::engine
