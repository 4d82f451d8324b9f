#include "tools/cordonctl/request.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/field_mask.pb.h"
#include "tools/cordonctl/errors.h"
#include "tools/cordonctl/fields.h"
#include "tools/cordonctl/messages.h"

namespace cordonctl {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

enum class Shape { kNamed, kList, kCreate, kUpdate };

Shape ShapeOf(const Command& command) {
  const std::string& verb = command.verb;
  // GetDependencyStatus takes an optional parent, like a list.
  if (verb == "list" || verb == "watch" || verb == "dependencies") {
    return Shape::kList;
  }
  // An action named like a standard verb (`backups create NAME`) takes the
  // NAME its request names, not a resource.
  if (FindAction(command.resource, verb) != nullptr) return Shape::kNamed;
  if (verb == "create") return Shape::kCreate;
  if (verb == "update") return Shape::kUpdate;
  return Shape::kNamed;
}

absl::Status Usage(const absl::Status& status) {
  return status.ok() ? status : UsageError(std::string(status.message()));
}

// NAME is required where the verb names one; PARENT is optional (the
// server names it when it is missing).
absl::Status CheckPositional(const Command& command, Shape shape) {
  const size_t given = command.args.positional.size() - 2;
  const bool named = shape == Shape::kNamed || shape == Shape::kUpdate;
  if (named && given == 0) {
    return UsageError(absl::StrCat(command.resource.noun, " ", command.verb,
                                   ": NAME is missing (",
                                   command.resource.name_pattern, ")"));
  }
  const bool takes_parent = named || command.resource.parent_pattern[0] != '\0';
  if (given > 1 || (given == 1 && !takes_parent)) {
    return UsageError(absl::StrCat(command.resource.noun, " ", command.verb,
                                   ": unexpected argument \"",
                                   command.args.At(3), "\""));
  }
  return absl::OkStatus();
}

// -f FILE then the field flags, into the resource's JSON.
absl::Status ResourceJson(const Command& command, const Descriptor& type,
                          Json* resource, std::vector<std::string>* paths) {
  if (command.args.Has("file")) {
    absl::StatusOr<Json> file = ReadJsonFile(command.args.Get("file"));
    if (!file.ok()) return Usage(file.status());
    *resource = *std::move(file);
    for (const auto& [key, value] : resource->items()) {
      if (key != "name" && key != "etag") paths->push_back(key);
    }
  }
  std::vector<std::string> flag_paths;
  absl::Status set = SetFieldFlags(command.args, FieldFlags(command.args, {}),
                                   type, resource, &flag_paths);
  for (const std::string& path : flag_paths) {
    if (path != "etag") paths->push_back(path);
  }
  return Usage(set);
}

void SetMask(const std::vector<std::string>& paths, Message* request) {
  const FieldDescriptor* field =
      request->GetDescriptor()->FindFieldByName("update_mask");
  if (field == nullptr) return;
  auto* mask = static_cast<google::protobuf::FieldMask*>(
      request->GetReflection()->MutableMessage(request, field));
  for (const std::string& path : paths) mask->add_paths(path);
}

}  // namespace

absl::StatusOr<std::unique_ptr<Message>> BuildRequest(
    const Command& command, const google::protobuf::MethodDescriptor& method) {
  const Shape shape = ShapeOf(command);
  if (absl::Status ok = CheckPositional(command, shape); !ok.ok()) return ok;
  const Descriptor& type = *method.input_type();
  const std::string argument = command.args.At(2);
  Json request = Json::object();
  std::vector<std::string> paths;
  if (shape == Shape::kCreate || shape == Shape::kUpdate) {
    const Descriptor& resource_type = *command.resource.descriptor();
    const FieldDescriptor* field = FieldOfType(type, resource_type, false);
    if (field == nullptr) return absl::InternalError("no resource field");
    Json resource = Json::object();
    if (absl::Status ok =
            ResourceJson(command, resource_type, &resource, &paths);
        !ok.ok()) {
      return ok;
    }
    if (shape == Shape::kUpdate) resource["name"] = argument;
    if (shape == Shape::kUpdate && paths.empty()) {
      return UsageError("update: nothing to change (give field flags or -f)");
    }
    request[field->name()] = std::move(resource);
  } else {
    std::vector<std::string> used;
    const Action* action = FindAction(command.resource, command.verb);
    if (action != nullptr && action->shape != nullptr) {
      absl::Status shaped = action->shape(command.args, &request, &used);
      if (!shaped.ok()) return Usage(shaped);
    }
    absl::Status set = SetFieldFlags(
        command.args, FieldFlags(command.args, used), type, &request, nullptr);
    if (!set.ok()) return Usage(set);
  }
  if (!argument.empty() && shape != Shape::kUpdate) {
    request[shape == Shape::kNamed ? "name" : "parent"] = argument;
  }
  std::unique_ptr<Message> message = NewMessage(type);
  if (absl::Status parsed = JsonToMessage(request, message.get());
      !parsed.ok()) {
    return Usage(parsed);
  }
  if (shape == Shape::kUpdate) SetMask(paths, message.get());
  return message;
}

}  // namespace cordonctl
