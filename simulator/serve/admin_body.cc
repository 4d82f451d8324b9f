#include "simulator/serve/admin_body.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace cordon::sim::serve {
namespace {

const nlohmann::json kEmptyObject = nlohmann::json::object();

core::WellKnownFolder FolderOf(const std::string& name, AdminBody& body) {
  struct Named {
    absl::string_view name;
    core::WellKnownFolder folder;
  };
  static constexpr Named kFolders[] = {
      {"", core::WellKnownFolder::kNone},
      {"deleteditems", core::WellKnownFolder::kDeletedItems},
      {"rssfeeds", core::WellKnownFolder::kRssFeeds},
      {"archive", core::WellKnownFolder::kArchive},
      {"junkemail", core::WellKnownFolder::kJunk},
      {"other", core::WellKnownFolder::kOther},
  };
  for (const Named& named : kFolders) {
    if (named.name == name) return named.folder;
  }
  body.Fail(absl::StrCat("move_to_folder \"", name,
                         "\" is not one of "
                         "deleteditems, rssfeeds, archive, junkemail, other"));
  return core::WellKnownFolder::kNone;
}

}  // namespace

AdminBody::AdminBody(absl::string_view body)
    : parsed_(
          nlohmann::json::parse(body.empty() ? "{}" : body, nullptr, false)),
      object_(&parsed_) {
  if (!parsed_.is_object()) {
    object_ = &kEmptyObject;
    Fail("the body is not a JSON object");
  }
}

AdminBody::AdminBody(const nlohmann::json& object, std::string prefix)
    : object_(&object), prefix_(std::move(prefix)) {}

void AdminBody::Fail(absl::string_view message) {
  if (error_.empty()) error_ = absl::StrCat(prefix_, message);
}

const nlohmann::json* AdminBody::Find(const char* name, bool required) {
  auto it = object_->find(name);
  if (it == object_->end() || it->is_null()) {
    if (required) Fail(absl::StrCat(name, " is required"));
    return nullptr;
  }
  return &*it;
}

bool AdminBody::Has(const char* name) const {
  auto it = object_->find(name);
  return it != object_->end() && !it->is_null();
}

std::string AdminBody::String(const char* name, bool required) {
  const nlohmann::json* value = Find(name, required);
  if (value == nullptr) return "";
  if (!value->is_string()) {
    Fail(absl::StrCat(name, " must be a string"));
    return "";
  }
  return value->get<std::string>();
}

bool AdminBody::Bool(const char* name, bool fallback, bool required) {
  const nlohmann::json* value = Find(name, required);
  if (value == nullptr) return fallback;
  if (!value->is_boolean()) {
    Fail(absl::StrCat(name, " must be true or false"));
    return fallback;
  }
  return value->get<bool>();
}

int AdminBody::Int(const char* name, int fallback, int min, int max) {
  const nlohmann::json* value = Find(name, false);
  if (value == nullptr) return fallback;
  if (!value->is_number_integer() || value->get<int64_t>() < min ||
      value->get<int64_t>() > max) {
    Fail(absl::StrCat(name, " must be an integer in [", min, ", ", max, "]"));
    return fallback;
  }
  return static_cast<int>(value->get<int64_t>());
}

std::vector<std::string> AdminBody::Strings(const char* name) {
  std::vector<std::string> strings;
  const nlohmann::json* value = Find(name, false);
  if (value == nullptr) return strings;
  if (!value->is_array()) {
    Fail(absl::StrCat(name, " must be an array of strings"));
    return strings;
  }
  for (const nlohmann::json& item : *value) {
    if (!item.is_string()) {
      Fail(absl::StrCat(name, " must be an array of strings"));
      return {};
    }
    strings.push_back(item.get<std::string>());
  }
  return strings;
}

const nlohmann::json* AdminBody::Object(const char* name) {
  const nlohmann::json* value = Find(name, true);
  if (value != nullptr && !value->is_object()) {
    Fail(absl::StrCat(name, " must be an object"));
    return nullptr;
  }
  return value;
}

core::InboxRule ReadInboxRule(AdminBody& body) {
  core::InboxRule rule;
  rule.id = body.String("id");
  rule.display_name = body.String("display_name", false);
  if (rule.display_name.empty()) rule.display_name = rule.id;
  rule.is_enabled = body.Bool("enabled", true);
  rule.is_read_only = body.Bool("read_only", false);
  core::InboxRuleActions& actions = rule.actions;
  actions.forward_to = body.Strings("forward_to");
  actions.forward_as_attachment_to = body.Strings("forward_as_attachment_to");
  actions.redirect_to = body.Strings("redirect_to");
  actions.mark_as_read = body.Bool("mark_as_read", false);
  actions.move_to_folder = FolderOf(body.String("move_to_folder", false), body);
  actions.delete_message = body.Bool("delete", false);
  actions.permanent_delete = body.Bool("permanent_delete", false);
  return rule;
}

}  // namespace cordon::sim::serve
