#ifndef CORDON_TOOLS_CORDONCTL_RESOURCES_H_
#define CORDON_TOOLS_CORDONCTL_RESOURCES_H_

// The table that drives cordonctl: one row per noun, naming its service,
// its RPCs, its table columns and the examples its help shows. Requests
// and responses are found through the proto descriptors, so a new field
// needs no code here; a new resource is one more row.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "google/protobuf/descriptor.h"
#include "tools/cordonctl/args.h"
#include "tools/cordonctl/json.h"

namespace cordonctl {

struct Command;

struct Column {
  enum Kind { kText, kTime };
  const char* header;
  // A dotted path into the resource's JSON (proto field names);
  // alternatives separated by `|` (the first present wins); `#x` counts the
  // elements of the list x.
  const char* path;
  Kind kind = kText;
  bool wide_only = false;
};

// Writes the request fields of flags that are not fields themselves
// (`--expected` on an answer) into `request`; adds those flags to `used`.
using RequestShaper = absl::Status (*)(const Args& args, Json* request,
                                       std::vector<std::string>* used);

// A verb beyond get/list/create/update/delete: calls `rpc` with the name
// and the verb's flags as request fields (e.g. `identities isolate NAME
// --reason=...`).
struct Action {
  const char* verb;
  const char* rpc;
  const char* summary;
  const char* example_flags;  // appended to the example, may be ""
  RequestShaper shape = nullptr;
  // The flags `shape` reads, as help shows them ("note=TEXT").
  std::vector<std::string> flags = {};
  // A verb of several calls runs this instead of calling `rpc` once
  // (`keys rotate`); help still shows `rpc`'s request.
  absl::Status (*run)(Command& command) = nullptr;
};

// Rows are written with designated initializers; what a noun lacks stays
// "" (no such RPC, no parent, no example).
struct Resource {
  const char* noun = "";
  std::vector<std::string> aliases = {};
  const char* summary = "";
  const char* service = "";  // full name, e.g. cordon.v1.IdentityService
  // The resource message, e.g. &cordon::v1::Identity::descriptor (a
  // function: calling it also links its .pb.cc into the binary).
  const google::protobuf::Descriptor* (*descriptor)() = nullptr;
  // RPC names; "" where the API has none.
  const char* get = "";
  const char* list = "";
  const char* create = "";
  const char* update = "";
  const char* del = "";
  const char* parent_pattern = "";  // what list and create take
  const char* name_pattern = "";
  const char* example_parent = "";
  const char* example_name = "";
  const char* example_create = "";  // create's field flags
  const char* example_update = "";  // update's field flags
  const char* example_filter = "";
  std::vector<Column> columns = {};
  std::vector<Action> actions = {};
};

const std::vector<Resource>& Resources();
// The row for a noun or one of its aliases; nullptr when unknown.
const Resource* FindResource(const std::string& noun);
// The verbs a noun has, in help order (get, list, create, update, delete,
// then its actions).
std::vector<std::string> Verbs(const Resource& resource);
// The action `verb` of the resource; nullptr when it has none.
const Action* FindAction(const Resource& resource, const std::string& verb);
// The RPC behind `verb` ("" when the noun has no such verb).
std::string RpcFor(const Resource& resource, const std::string& verb);
// The method `rpc` of the resource's service; nullptr when it has none.
const google::protobuf::MethodDescriptor* Method(const Resource& resource,
                                                 const std::string& rpc);
// "/cordon.v1.IdentityService/GetIdentity".
std::string MethodPath(const google::protobuf::MethodDescriptor& method);

}  // namespace cordonctl

#endif  // CORDON_TOOLS_CORDONCTL_RESOURCES_H_
