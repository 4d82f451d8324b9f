#include "tools/cordonctl/yaml.h"

#include <regex>

#include "absl/strings/str_cat.h"

namespace cordonctl {
namespace {

// Plain (unquoted) only when YAML would read back the same string: no
// indicator characters, not a number, bool or null lookalike.
bool NeedsQuotes(const std::string& text) {
  static const std::regex kPlain(R"([A-Za-z_/][A-Za-z0-9_./@+-]*)");
  static const std::regex kReserved(R"((true|false|yes|no|on|off|null|y|n|~))",
                                    std::regex::icase);
  return !std::regex_match(text, kPlain) || std::regex_match(text, kReserved);
}

std::string Scalar(const Json& value) {
  if (value.is_string()) {
    const std::string text = value.get<std::string>();
    return NeedsQuotes(text) ? value.dump() : text;
  }
  return value.dump();
}

bool IsEmptyContainer(const Json& value) {
  return value.is_structured() && value.empty();
}

void Emit(const Json& json, int indent, std::string* out);

// `prefix` is "key:" or "-"; containers go on the following lines.
void EmitEntry(const std::string& prefix, const Json& value, int indent,
               std::string* out) {
  const std::string pad(indent, ' ');
  if (IsEmptyContainer(value)) {
    absl::StrAppend(out, pad, prefix, value.is_array() ? " []\n" : " {}\n");
  } else if (!value.is_structured()) {
    absl::StrAppend(out, pad, prefix, " ", Scalar(value), "\n");
  } else if (prefix == "-" && value.is_object()) {
    // "- key: value" with the entry's other keys aligned under the first.
    std::string nested;
    Emit(value, indent + 2, &nested);
    absl::StrAppend(out, pad, "- ", nested.substr(indent + 2));
  } else {
    absl::StrAppend(out, pad, prefix, "\n");
    Emit(value, indent + 2, out);
  }
}

void Emit(const Json& json, int indent, std::string* out) {
  if (json.is_object()) {
    for (const auto& [key, value] : json.items()) {
      EmitEntry(key + ":", value, indent, out);
    }
  } else if (json.is_array()) {
    for (const Json& value : json) {
      EmitEntry("-", value, indent, out);
    }
  } else {
    absl::StrAppend(out, std::string(indent, ' '), Scalar(json), "\n");
  }
}

}  // namespace

std::string ToYaml(const Json& json) {
  std::string out;
  if (IsEmptyContainer(json)) return json.is_array() ? "[]\n" : "{}\n";
  Emit(json, 0, &out);
  return out;
}

}  // namespace cordonctl
