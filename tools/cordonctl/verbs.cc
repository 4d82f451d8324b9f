// The generic verbs: each builds its request from the table and the
// descriptors (request.cc), calls through Api, and prints the answer.

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "tools/cordonctl/command.h"
#include "tools/cordonctl/errors.h"
#include "tools/cordonctl/fields.h"
#include "tools/cordonctl/messages.h"
#include "tools/cordonctl/request.h"

namespace cordonctl {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::MethodDescriptor;

bool Structured(const Command& command) {
  return command.output.format == "json" || command.output.format == "yaml";
}

absl::Status List(Command& command, const MethodDescriptor& method,
                  const Message& request) {
  const FieldDescriptor* field =
      FieldOfType(*method.output_type(), *command.resource.descriptor(), true);
  if (field == nullptr) return absl::InternalError("no items field");
  std::vector<Json> items;
  absl::Status listed =
      command.api.ListAll(method, request, [&](const Message& page) {
        const auto& reflection = *page.GetReflection();
        for (int i = 0; i < reflection.FieldSize(page, field); ++i) {
          items.push_back(
              MessageToJson(reflection.GetRepeatedMessage(page, field, i)));
        }
        return absl::OkStatus();
      });
  if (!listed.ok()) return listed;
  if (items.empty() && !Structured(command)) {
    command.err << "No " << command.resource.noun << " found.\n";
    return absl::OkStatus();
  }
  command.out << FormatList(command.resource, field->name(), items,
                            command.output);
  return absl::OkStatus();
}

// What the API says once and the table has no column for: warnings (to
// stderr) and a new key's secret, shown this one time.
void PrintExtras(Command& command, const Message& response) {
  const Json json = MessageToJson(response);
  if (json.contains("warnings")) {
    for (const Json& warning : json["warnings"]) {
      command.err << "warning: " << warning.value("code", "") << ": "
                  << warning.value("message", "") << "\n";
    }
  }
  if (!Structured(command) && json.value("secret", "") != "") {
    command.out << "\nSecret (shown once; store it now, it cannot be read "
                   "again):\n"
                << json["secret"].get<std::string>() << "\n";
  }
}

void PrintOne(Command& command, const Message& response) {
  const Json json = MessageToJson(response);
  if (command.verb == "delete") {
    if (Structured(command)) {
      command.out << FormatDocument(json, command.output);
    } else {
      command.out << command.args.At(2) << " deleted\n";
    }
    return;
  }
  const Message* item = ResourceIn(response, *command.resource.descriptor());
  if (item == nullptr) {
    command.out << FormatDocument(json, command.output);
  } else {
    command.out << FormatOne(command.resource, json, MessageToJson(*item),
                             command.output);
  }
  PrintExtras(command, response);
}

}  // namespace

std::vector<std::string> FieldFlags(const Args& args,
                                    const std::vector<std::string>& reserved) {
  std::vector<std::string> names;
  const std::vector<std::string>& global = GlobalFlags();
  for (const std::string& name : args.flag_order) {
    if (name == "file" ||
        std::find(global.begin(), global.end(), name) != global.end() ||
        std::find(reserved.begin(), reserved.end(), name) != reserved.end()) {
      continue;
    }
    names.push_back(name);
  }
  return names;
}

absl::Status RunVerb(Command& command) {
  if (const Action* action = FindAction(command.resource, command.verb);
      action != nullptr && action->run != nullptr) {
    return action->run(command);
  }
  const MethodDescriptor* method =
      Method(command.resource, RpcFor(command.resource, command.verb));
  if (method == nullptr) {
    return UsageError(absl::StrCat("unknown verb \"", command.verb, "\" for ",
                                   command.resource.noun, " (see cordonctl ",
                                   command.resource.noun, " --help)"));
  }
  if (method->server_streaming()) return RunWatch(command);
  absl::StatusOr<std::unique_ptr<Message>> request =
      BuildRequest(command, *method);
  if (!request.ok()) return request.status();
  if (command.verb == "list") return List(command, *method, **request);
  std::unique_ptr<Message> response = NewMessage(*method->output_type());
  absl::Status called = command.api.Call(*method, **request, response.get());
  if (!called.ok()) return called;
  PrintOne(command, *response);
  return absl::OkStatus();
}

}  // namespace cordonctl
