#ifndef CORDON_TOOLS_CORDONCTL_PRINTER_H_
#define CORDON_TOOLS_CORDONCTL_PRINTER_H_

// Resources as the user asked for them: a table of the resource's columns
// (`table`, `wide` adds the wide-only ones), or the API's JSON (`json`) or
// the same as YAML (`yaml`).

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "tools/cordonctl/json.h"
#include "tools/cordonctl/resources.h"

namespace cordonctl {

struct OutputOptions {
  std::string format = "table";  // table, wide, json, yaml
  bool colour = false;
  absl::Time now;  // what relative times are relative to
};

// Every item of a list, e.g. as {"identities": [...]} for json and yaml.
std::string FormatList(const Resource& resource, const std::string& field,
                       const std::vector<Json>& items,
                       const OutputOptions& options);
// One call's answer: `response` for json and yaml, the row of `item` (the
// resource in it) for tables.
std::string FormatOne(const Resource& resource, const Json& response,
                      const Json& item, const OutputOptions& options);
// json or yaml of any message's JSON (a table falls back to yaml).
std::string FormatDocument(const Json& json, const OutputOptions& options);

// One cell: the value at `column`'s path in `item`.
std::string CellText(const Column& column, const Json& item, absl::Time now);

}  // namespace cordonctl

#endif  // CORDON_TOOLS_CORDONCTL_PRINTER_H_
