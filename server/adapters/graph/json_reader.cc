#include "server/adapters/graph/json_reader.h"

#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace cordon::adapters::graph {
namespace {

using ::nlohmann::json;

// One pass before nlohmann's parser sees the bytes. The nesting bound makes
// the limit independent of the library's version (its parser keeps its own
// stack today). A NUL byte is never valid JSON (not even inside a string),
// and nlohmann takes it for the end of input, which would let bytes after it
// pass unread.
absl::Status CheckBeforeParsing(absl::string_view body,
                                absl::string_view shape) {
  if (body.find('\0') != absl::string_view::npos) {
    return absl::DataLossError(
        absl::StrCat(shape, ": body contains a NUL byte"));
  }
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : body) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonNestingDepth) {
        return absl::DataLossError(
            absl::StrCat(shape, ": JSON nested deeper than ",
                         kMaxJsonNestingDepth, " levels"));
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<json> ParseJsonBody(absl::string_view body,
                                   absl::string_view shape) {
  if (body.size() > kMaxResponseBodyBytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat(shape, ": body of ", body.size(), " bytes exceeds the ",
                     kMaxResponseBodyBytes, "-byte limit"));
  }
  if (absl::StripAsciiWhitespace(body).empty()) {
    return absl::DataLossError(absl::StrCat(shape, ": empty body"));
  }
  if (absl::Status checked = CheckBeforeParsing(body, shape); !checked.ok()) {
    return checked;
  }
  // No callback, no exceptions: a malformed body yields a "discarded" value.
  json parsed = json::parse(body.data(), body.data() + body.size(),
                            /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return absl::DataLossError(
        absl::StrCat(shape,
                     ": body is not one whole JSON value (malformed, "
                     "truncated, trailing bytes or invalid UTF-8)"));
  }
  return parsed;
}

void JsonErrors::Add(absl::string_view path, absl::string_view problem) {
  if (!first_.ok()) return;
  first_ = absl::InvalidArgumentError(absl::StrCat(
      shape_, ": ", path.empty() ? "top level" : path, " ", problem));
}

JsonObjectReader::JsonObjectReader(const json& node, std::string path,
                                   JsonErrors* errors)
    : object_(node.is_object() ? &node : nullptr),
      path_(std::move(path)),
      errors_(errors) {
  if (object_ == nullptr) {
    errors_->Add(path_,
                 absl::StrCat("must be an object, not ", JsonTypeName(node)));
  }
}

const json* JsonObjectReader::Find(absl::string_view key) const {
  if (object_ == nullptr) return nullptr;
  const auto member = object_->find(std::string(key));
  return member == object_->end() ? nullptr : &*member;
}

bool JsonObjectReader::IsNull(absl::string_view key) const {
  const json* member = Find(key);
  return member != nullptr && member->is_null();
}

std::string JsonObjectReader::PathOf(absl::string_view key) const {
  return path_.empty() ? std::string(key) : absl::StrCat(path_, ".", key);
}

const json* JsonObjectReader::Typed(absl::string_view key, json::value_t type,
                                    absl::string_view type_name,
                                    bool required) {
  const json* member = Find(key);
  if (member == nullptr || member->is_null()) {
    if (required) {
      errors_->Add(PathOf(key), member == nullptr ? "is missing" : "is null");
    }
    return nullptr;
  }
  if (member->type() != type) {
    errors_->Add(PathOf(key), absl::StrCat("must be ", type_name, ", not ",
                                           JsonTypeName(*member)));
    return nullptr;
  }
  return member;
}

std::string JsonObjectReader::RequiredString(absl::string_view key) {
  const json* member = Typed(key, json::value_t::string, "a string", true);
  return member == nullptr ? "" : member->get_ref<const std::string&>();
}

std::string JsonObjectReader::RequiredNonEmptyString(absl::string_view key) {
  std::string value = RequiredString(key);
  if (value.empty()) errors_->Add(PathOf(key), "is empty");
  return value;
}

absl::optional<std::string> JsonObjectReader::OptionalString(
    absl::string_view key) {
  const json* member = Typed(key, json::value_t::string, "a string", false);
  if (member == nullptr) return absl::nullopt;
  return member->get_ref<const std::string&>();
}

bool JsonObjectReader::RequiredBool(absl::string_view key) {
  const json* member = Typed(key, json::value_t::boolean, "a boolean", true);
  return member != nullptr && member->get<bool>();
}

absl::optional<bool> JsonObjectReader::OptionalBool(absl::string_view key) {
  const json* member = Typed(key, json::value_t::boolean, "a boolean", false);
  if (member == nullptr) return absl::nullopt;
  return member->get<bool>();
}

int64_t JsonObjectReader::RequiredInteger(absl::string_view key, int64_t min,
                                          int64_t max,
                                          bool digits_string_allowed) {
  const json* member = Find(key);
  if (member == nullptr || member->is_null()) {
    errors_->Add(PathOf(key), member == nullptr ? "is missing" : "is null");
    return 0;
  }
  bool in_range = false;
  int64_t value = 0;
  if (member->is_number_unsigned()) {
    const uint64_t unsigned_value = member->get<uint64_t>();
    in_range = unsigned_value <= static_cast<uint64_t>(max);
    value = in_range ? static_cast<int64_t>(unsigned_value) : 0;
    in_range = in_range && value >= min;
  } else if (member->is_number_integer()) {
    value = member->get<int64_t>();
    in_range = value >= min && value <= max;
  } else if (digits_string_allowed && member->is_string()) {
    const std::string& digits = member->get_ref<const std::string&>();
    const bool all_digits =
        !digits.empty() && digits.size() <= 18 &&
        digits.find_first_not_of("0123456789") == std::string::npos;
    if (!all_digits || !absl::SimpleAtoi(digits, &value)) {
      errors_->Add(PathOf(key), "must be an integer, not a non-numeric string");
      return 0;
    }
    in_range = value >= min && value <= max;
  } else {
    errors_->Add(PathOf(key), absl::StrCat("must be an integer, not ",
                                           JsonTypeName(*member)));
    return 0;
  }
  if (!in_range) {
    errors_->Add(PathOf(key),
                 absl::StrCat("is outside [", min, ", ", max, "]"));
    return 0;
  }
  return value;
}

const json* JsonObjectReader::RequiredArray(absl::string_view key) {
  return Typed(key, json::value_t::array, "an array", true);
}

const json* JsonObjectReader::OptionalArray(absl::string_view key) {
  return Typed(key, json::value_t::array, "an array", false);
}

const json* JsonObjectReader::RequiredObject(absl::string_view key) {
  return Typed(key, json::value_t::object, "an object", true);
}

const json* JsonObjectReader::OptionalObject(absl::string_view key) {
  return Typed(key, json::value_t::object, "an object", false);
}

std::string ElementPath(absl::string_view array_path, size_t index) {
  return absl::StrCat(array_path, "[", index, "]");
}

absl::string_view JsonTypeName(const json& node) {
  // type_name() says "number" for integers and floats alike, which is the
  // distinction a contract error needs.
  return node.type_name();
}

}  // namespace cordon::adapters::graph
