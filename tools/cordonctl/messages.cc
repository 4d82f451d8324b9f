#include "tools/cordonctl/messages.h"

namespace cordonctl {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

std::unique_ptr<Message> NewMessage(const Descriptor& type) {
  return std::unique_ptr<Message>(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(&type)
          ->New());
}

const FieldDescriptor* FieldOfType(const Descriptor& message,
                                   const Descriptor& type, bool repeated) {
  for (int i = 0; i < message.field_count(); ++i) {
    const FieldDescriptor* field = message.field(i);
    if (field->message_type() == &type && field->is_repeated() == repeated) {
      return field;
    }
  }
  return nullptr;
}

const Message* ResourceIn(const Message& message, const Descriptor& type) {
  if (message.GetDescriptor() == &type) return &message;
  const FieldDescriptor* field =
      FieldOfType(*message.GetDescriptor(), type, false);
  if (field == nullptr) return nullptr;
  return &message.GetReflection()->GetMessage(message, field);
}

}  // namespace cordonctl
