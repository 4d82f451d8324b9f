#include "tools/cordonctl/help.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "tools/cordonctl/messages.h"

namespace cordonctl {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

constexpr char kGlobalFlags[] = R"(Global flags:
  --addr=HOST:PORT     server (env CORDON_ADDR; default 127.0.0.1:50051)
  --key-file=PATH      file holding the API key, mode 0600 (env CORDON_KEY_FILE)
  --ca-file=PATH       CA of the server's TLS certificate (env CORDON_CA_FILE)
  --client-cert=PATH   certificate to present when the server requires one
                       (mutual TLS; env CORDON_CLIENT_CERT)
  --client-key=PATH    its private key (env CORDON_CLIENT_KEY)
  --plaintext          no TLS; loopback only (loopback without --ca-file is
                       plaintext anyway)
  --config=PATH        config file (env CORDON_CONFIG; default
                       ~/.config/cordon/config)
  --timeout=DURATION   deadline of each call (default 30s)
  -o, --output=FORMAT  table (default), wide, json or yaml
  -h, --help           help of any noun or verb
)";

constexpr char kExitCodes[] =
    "Exit codes: 0 success; the gRPC status code of a failed call (3 "
    "INVALID_ARGUMENT,\n5 NOT_FOUND, 7 PERMISSION_DENIED, 9 "
    "FAILED_PRECONDITION, 14 UNAVAILABLE,\n16 UNAUTHENTICATED...); 2 a usage "
    "or configuration error.\n";

std::string Summary(const Resource& resource, const std::string& verb) {
  if (const Action* action = FindAction(resource, verb)) {
    return action->summary;
  }
  if (verb == "get") return "reads one";
  if (verb == "list") {
    const auto* method = Method(resource, resource.list);
    const bool filters =
        method != nullptr && method->input_type()->FindFieldByName("filter");
    return filters ? "lists every one (all pages), --filter=EXPR"
                   : "lists every one (all pages)";
  }
  if (verb == "create") return "creates one from field flags and/or -f FILE";
  if (verb == "update") {
    return "changes the fields given (update_mask); --etag makes it "
           "conditional";
  }
  if (verb == "delete") return "deletes one; --etag makes it conditional";
  return "";
}

std::string Argument(const Resource& resource, const std::string& verb) {
  // An action named `create` (backups) takes the NAME it creates.
  const bool takes_parent =
      verb == "list" || verb == "watch" ||
      (verb == "create" && FindAction(resource, verb) == nullptr);
  if (!takes_parent) return "NAME";
  return resource.parent_pattern[0] == '\0' ? "" : "PARENT";
}

// "--display-name", "--source=CLOUD_ONLY|HYBRID_SYNCED", ...
std::string FieldFlag(const FieldDescriptor& field) {
  std::string flag = "--" + absl::StrReplaceAll(field.name(), {{"_", "-"}});
  if (field.enum_type() != nullptr) {
    std::vector<std::string> values;
    for (int i = 1; i < field.enum_type()->value_count(); ++i) {
      values.push_back(field.enum_type()->value(i)->name());
    }
    absl::StrAppend(&flag, "=", absl::StrJoin(values, "|"));
  } else if (field.type() == FieldDescriptor::TYPE_BOOL) {
    absl::StrAppend(&flag, "[=false]");
  } else if (field.message_type() != nullptr &&
             field.message_type()->full_name() == "google.protobuf.Timestamp") {
    absl::StrAppend(&flag, "=RFC3339");
  } else if (field.message_type() != nullptr) {
    absl::StrAppend(&flag, ".FIELD=..");
  } else {
    absl::StrAppend(&flag, field.is_repeated() ? "=A,B" : "=VALUE");
  }
  return flag;
}

std::string FieldFlags(const Descriptor& type) {
  static const auto* const kManaged = new std::vector<std::string>{
      "name",        "parent",      "page_token", "request_id",
      "update_mask", "create_time", "update_time"};
  std::string lines;
  for (int i = 0; i < type.field_count(); ++i) {
    const FieldDescriptor& field = *type.field(i);
    if (std::find(kManaged->begin(), kManaged->end(), field.name()) !=
        kManaged->end()) {
      continue;
    }
    absl::StrAppend(&lines, "  ", FieldFlag(field), "\n");
  }
  return lines;
}

}  // namespace

std::string Example(const Resource& resource, const std::string& verb) {
  const std::string argument = Argument(resource, verb);
  std::string line = absl::StrCat("cordonctl ", resource.noun, " ", verb);
  if (argument == "NAME") absl::StrAppend(&line, " ", resource.example_name);
  if (argument == "PARENT") {
    absl::StrAppend(&line, " ", resource.example_parent);
  }
  std::string flags;
  if (verb == "list" && resource.example_filter[0] != '\0') {
    flags = absl::StrCat("--filter='", resource.example_filter, "'");
  } else if (verb == "create") {
    flags = resource.example_create;
  } else if (verb == "update") {
    flags = resource.example_update;
  } else if (const Action* action = FindAction(resource, verb)) {
    flags = action->example_flags;
  }
  if (!flags.empty()) absl::StrAppend(&line, " ", flags);
  return line;
}

std::string TopHelp() {
  std::string nouns;
  for (const Resource& resource : Resources()) {
    absl::StrAppend(&nouns, "  ", resource.noun,
                    std::string(13 - std::string(resource.noun).size(), ' '),
                    absl::StrJoin(Verbs(resource), " "), "\n");
  }
  return absl::StrCat(
      "cordonctl: Cordon from the command line.\n\nUsage:\n"
      "  cordonctl NOUN VERB [NAME|PARENT] [flags]\n"
      "  cordonctl health [--service=NAME]\n"
      "  cordonctl completion bash\n  cordonctl --version\n\nNouns and "
      "verbs:\n",
      nouns, "\n", kGlobalFlags, "\n", kExitCodes,
      "\nExamples:\n  cordonctl orgs list accounts/a1\n"
      "  cordonctl identities list accounts/a1/organizations/o1 -o wide\n"
      "\nRun `cordonctl NOUN --help` for a noun's verbs and examples.\n");
}

std::string NounHelp(const Resource& resource) {
  std::string verbs, examples;
  for (const std::string& verb : Verbs(resource)) {
    const std::string usage = absl::StrCat(verb, " ", Argument(resource, verb));
    absl::StrAppend(&verbs, "  ", usage,
                    std::string(usage.size() < 16 ? 16 - usage.size() : 1, ' '),
                    Summary(resource, verb), "\n");
    absl::StrAppend(&examples, "  ", Example(resource, verb), "\n");
  }
  std::string names;
  if (resource.name_pattern[0] != '\0') {
    absl::StrAppend(&names, "Name:   ", resource.name_pattern, "\n");
  }
  if (resource.parent_pattern[0] != '\0') {
    absl::StrAppend(&names, "Parent: ", resource.parent_pattern, "\n");
  }
  return absl::StrCat(
      "cordonctl ", resource.noun, ": ", resource.summary, "\n\n", names,
      "Aliases: ", absl::StrJoin(resource.aliases, ", "), "\n\nVerbs:\n", verbs,
      "\nExamples:\n", examples, "\nRun `cordonctl ", resource.noun,
      " VERB --help` for a verb's flags.\n");
}

std::string VerbHelp(const Resource& resource, const std::string& verb) {
  if (RpcFor(resource, verb).empty()) return "";
  const std::string summary = Summary(resource, verb);
  const Action* action = FindAction(resource, verb);
  const bool resource_fields =
      action == nullptr && (verb == "create" || verb == "update");
  const google::protobuf::MethodDescriptor* method =
      Method(resource, RpcFor(resource, verb));
  std::string flags;
  if (resource_fields) {
    flags = absl::StrCat("Fields of ", resource.descriptor()->full_name(),
                         " (nested as --a.b=V, lists as --x=A,B):\n",
                         FieldFlags(*resource.descriptor()),
                         "  -f, --file=FILE.json  the resource as JSON "
                         "(\"-\": stdin); flags override it\n");
  } else if (method != nullptr) {
    const std::string fields = FieldFlags(*method->input_type());
    flags =
        fields.empty() && (action == nullptr || action->flags.empty())
            ? "Flags: none beyond the global ones.\n"
            : absl::StrCat("Flags (fields of ",
                           method->input_type()->full_name(), "):\n", fields);
  }
  if (action != nullptr) {
    for (const std::string& flag : action->flags) {
      absl::StrAppend(&flags, "  --", flag, "\n");
    }
  }
  return absl::StrCat("cordonctl ", resource.noun, " ", verb, ": ", summary,
                      "\n\nUsage:\n  cordonctl ", resource.noun, " ", verb, " ",
                      Argument(resource, verb), " [flags]\n\n", flags,
                      "\nExample:\n  ", Example(resource, verb), "\n\n",
                      "Global flags: cordonctl --help\n");
}

std::string HealthHelp() {
  return "cordonctl health: asks the server's grpc.health.v1 service\n\n"
         "Usage:\n  cordonctl health [--service=NAME]\n\n"
         "Prints SERVING and exits 0, or the status and exits 14.\n"
         "\nExample:\n  cordonctl health --service=cordon.v1.IdentityService\n";
}

std::string CompletionHelp() {
  return "cordonctl completion bash: prints the bash completion script\n\n"
         "Example:\n  source <(cordonctl completion bash)\n";
}

}  // namespace cordonctl
