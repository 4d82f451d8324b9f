#ifndef CORDON_TOOLS_CORDONCTL_MESSAGES_H_
#define CORDON_TOOLS_CORDONCTL_MESSAGES_H_

// Descriptor look-ups the generic verbs share: new messages by type, and
// which field of a request or response holds the resource.

#include <memory>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace cordonctl {

std::unique_ptr<google::protobuf::Message> NewMessage(
    const google::protobuf::Descriptor& type);

// The first field of `message` of message type `type`, repeated or not as
// asked; nullptr when there is none.
const google::protobuf::FieldDescriptor* FieldOfType(
    const google::protobuf::Descriptor& message,
    const google::protobuf::Descriptor& type, bool repeated);

// `message` itself when it is a `type`, else its singular `type` field's
// value; nullptr when it holds none.
const google::protobuf::Message* ResourceIn(
    const google::protobuf::Message& message,
    const google::protobuf::Descriptor& type);

}  // namespace cordonctl

#endif  // CORDON_TOOLS_CORDONCTL_MESSAGES_H_
