#include "tools/cordonctl/fields.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"

namespace cordonctl {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

absl::Status BadFlag(const std::string& flag, const std::string& why) {
  return absl::InvalidArgumentError(absl::StrCat("--", flag, ": ", why));
}

bool IsWellKnownScalar(const FieldDescriptor& field) {
  const std::string& type = field.message_type()->full_name();
  return type == "google.protobuf.Timestamp" ||
         type == "google.protobuf.Duration" ||
         type == "google.protobuf.FieldMask";
}

// One flag value as the JSON the field's type expects.
absl::StatusOr<Json> TypedValue(const FieldDescriptor& field,
                                const std::string& flag,
                                const std::string& value) {
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_BOOL:
      if (value == "true" || value == "false") return value == "true";
      return BadFlag(flag, "expects true or false, not \"" + value + "\"");
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64:
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT: {
      double number = 0;
      if (!absl::SimpleAtod(value, &number)) {
        return BadFlag(flag, "expects a number, not \"" + value + "\"");
      }
      return Json::parse(value);
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const std::string name = absl::AsciiStrToUpper(value);
      if (field.enum_type()->FindValueByName(name) != nullptr) return name;
      std::vector<std::string> names;
      for (int i = 1; i < field.enum_type()->value_count(); ++i) {
        names.push_back(field.enum_type()->value(i)->name());
      }
      return BadFlag(
          flag, absl::StrCat("expects one of ", absl::StrJoin(names, ", ")));
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      if (IsWellKnownScalar(field)) return value;
      return BadFlag(flag, "is a message: set its fields as --" + flag +
                               ".FIELD=VALUE or use -f FILE.json");
    default:
      return value;
  }
}

absl::StatusOr<Json> FlagValue(const FieldDescriptor& field,
                               const std::string& flag,
                               const std::string& value) {
  if (!field.is_repeated()) return TypedValue(field, flag, value);
  Json list = Json::array();
  if (value.empty()) return list;
  for (absl::string_view part : absl::StrSplit(value, ',')) {
    absl::StatusOr<Json> item = TypedValue(field, flag, std::string(part));
    if (!item.ok()) return item.status();
    list.push_back(*std::move(item));
  }
  return list;
}

// Walks `flag` (dotted) down `descriptor`; writes the value at its place.
absl::Status SetOne(const std::string& flag, const std::string& value,
                    const Descriptor& descriptor, Json* target,
                    std::string* path) {
  const std::string proto_path = absl::StrReplaceAll(flag, {{"-", "_"}});
  const std::vector<std::string> parts = absl::StrSplit(proto_path, '.');
  const Descriptor* message = &descriptor;
  Json* node = target;
  for (size_t i = 0; i < parts.size(); ++i) {
    const FieldDescriptor* field =
        message == nullptr ? nullptr : message->FindFieldByName(parts[i]);
    if (field == nullptr) {
      return BadFlag(flag, absl::StrCat("unknown flag (no field ", parts[i],
                                        " in ", descriptor.full_name(), ")"));
    }
    if (i + 1 == parts.size()) {
      absl::StatusOr<Json> json = FlagValue(*field, flag, value);
      if (!json.ok()) return json.status();
      (*node)[parts[i]] = *std::move(json);
      break;
    }
    message = field->message_type();
    node = &(*node)[parts[i]];
  }
  *path = proto_path;
  return absl::OkStatus();
}

}  // namespace

absl::Status SetFieldFlags(const Args& args,
                           const std::vector<std::string>& names,
                           const Descriptor& descriptor, Json* target,
                           std::vector<std::string>* paths) {
  for (const std::string& name : names) {
    std::string path;
    absl::Status set = SetOne(name, args.Get(name), descriptor, target, &path);
    if (!set.ok()) return set;
    if (paths != nullptr) paths->push_back(path);
  }
  return absl::OkStatus();
}

absl::StatusOr<Json> ReadJsonFile(const std::string& path) {
  std::stringstream content;
  if (path == "-") {
    content << std::cin.rdbuf();
  } else {
    std::ifstream in(path);
    if (!in) return absl::InvalidArgumentError("cannot read -f " + path);
    content << in.rdbuf();
  }
  Json json = Json::parse(content.str(), nullptr, false);
  if (!json.is_object()) {
    return absl::InvalidArgumentError("-f " + path + ": not a JSON object");
  }
  return json;
}

absl::Status JsonToMessage(const Json& json,
                           google::protobuf::Message* message) {
  const auto parsed =
      google::protobuf::util::JsonStringToMessage(json.dump(), message);
  if (parsed.ok()) return absl::OkStatus();
  return absl::InvalidArgumentError(std::string(parsed.message()));
}

Json MessageToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string text;
  (void)google::protobuf::util::MessageToJsonString(message, &text, options);
  return Json::parse(text, nullptr, false);
}

}  // namespace cordonctl
