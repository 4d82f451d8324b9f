#ifndef CORDON_SIMULATOR_SERVE_ADMIN_BODY_H_
#define CORDON_SIMULATOR_SERVE_ADMIN_BODY_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "server/core/isolation/inbox_rule.h"

namespace cordon::sim::serve {

// Reads the JSON object of an /_sim/ request: each getter returns a default
// and records the first problem (naming the field) when a field is missing
// or of the wrong type; ok() says whether the body was all right.
class AdminBody {
 public:
  explicit AdminBody(absl::string_view body);
  // For a nested object ("rule").
  AdminBody(const nlohmann::json& object, std::string prefix);

  std::string String(const char* name, bool required = true);
  bool Bool(const char* name, bool fallback, bool required = false);
  // An optional integer in [min, max].
  int Int(const char* name, int fallback, int min, int max);
  std::vector<std::string> Strings(const char* name);
  const nlohmann::json* Object(const char* name);
  // The field is there and not null.
  bool Has(const char* name) const;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  void Fail(absl::string_view message);

 private:
  const nlohmann::json* Find(const char* name, bool required);

  nlohmann::json parsed_;
  const nlohmann::json* object_;
  std::string prefix_;
  std::string error_;
};

// {"id","display_name","enabled","read_only","forward_to":[...],
// "forward_as_attachment_to","redirect_to","mark_as_read","move_to_folder":
// "deleteditems|rssfeeds|archive|junkemail|other","delete",
// "permanent_delete"}; problems go to `body`.
core::InboxRule ReadInboxRule(AdminBody& body);

}  // namespace cordon::sim::serve

#endif  // CORDON_SIMULATOR_SERVE_ADMIN_BODY_H_
