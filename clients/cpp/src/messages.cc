#include "cordon/client/internal/messages.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/field_mask.pb.h"

namespace cordon::client::internal {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

const FieldDescriptor* StringField(const Descriptor* descriptor,
                                   const char* name) {
  const FieldDescriptor* field = descriptor->FindFieldByName(name);
  if (field == nullptr || field->is_repeated() ||
      field->type() != FieldDescriptor::TYPE_STRING) {
    return nullptr;
  }
  return field;
}

// A field path ("settings.psa_integration.endpoint") names singular fields
// of `resource`, each but the last a message.
absl::Status CheckPath(const Descriptor* resource, const std::string& path) {
  const Descriptor* current = resource;
  for (absl::string_view part : absl::StrSplit(path, '.')) {
    const FieldDescriptor* field =
        current == nullptr ? nullptr
                           : current->FindFieldByName(std::string(part));
    if (field == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "update_mask: ", resource->name(), " has no field \"", path, "\""));
    }
    current = field->is_repeated() ? nullptr : field->message_type();
  }
  return absl::OkStatus();
}

}  // namespace

bool FillRequestId(Message* request, const std::string& id) {
  const FieldDescriptor* field =
      StringField(request->GetDescriptor(), "request_id");
  if (field == nullptr) return false;
  const auto* reflection = request->GetReflection();
  if (!reflection->GetString(*request, field).empty()) return false;
  reflection->SetString(request, field, id);
  return true;
}

void SetPageToken(Message* request, const std::string& token) {
  const FieldDescriptor* field =
      StringField(request->GetDescriptor(), "page_token");
  if (field != nullptr)
    request->GetReflection()->SetString(request, field, token);
}

std::string NextPageToken(const Message& response) {
  const FieldDescriptor* field =
      StringField(response.GetDescriptor(), "next_page_token");
  return field == nullptr
             ? ""
             : response.GetReflection()->GetString(response, field);
}

const FieldDescriptor* ItemsField(const Descriptor* response,
                                  const Descriptor* item) {
  for (int i = 0; i < response->field_count(); ++i) {
    const FieldDescriptor* field = response->field(i);
    if (field->is_repeated() && field->message_type() == item) return field;
  }
  return nullptr;
}

absl::Status BuildUpdateRequest(const Message& resource,
                                const std::vector<std::string>& field_paths,
                                Message* request) {
  const Descriptor* descriptor = request->GetDescriptor();
  const FieldDescriptor* target = nullptr;
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (!field->is_repeated() &&
        field->message_type() == resource.GetDescriptor()) {
      target = field;
    }
  }
  const FieldDescriptor* mask = descriptor->FindFieldByName("update_mask");
  if (target == nullptr || mask == nullptr ||
      mask->message_type() != google::protobuf::FieldMask::descriptor()) {
    return absl::InvalidArgumentError(
        absl::StrCat(descriptor->full_name(), " is not an update of ",
                     resource.GetDescriptor()->full_name()));
  }
  if (field_paths.empty()) {
    return absl::InvalidArgumentError("update_mask: no field paths to update");
  }
  google::protobuf::FieldMask field_mask;
  for (const std::string& path : field_paths) {
    absl::Status checked = CheckPath(resource.GetDescriptor(), path);
    if (!checked.ok()) return checked;
    field_mask.add_paths(path);
  }
  const auto* reflection = request->GetReflection();
  reflection->MutableMessage(request, target)->CopyFrom(resource);
  reflection->MutableMessage(request, mask)->CopyFrom(field_mask);
  return absl::OkStatus();
}

}  // namespace cordon::client::internal
