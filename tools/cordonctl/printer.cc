#include "tools/cordonctl/printer.h"

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "tools/cordonctl/table.h"
#include "tools/cordonctl/yaml.h"

namespace cordonctl {
namespace {

// The value at a dotted path; null when any step is missing.
Json At(const Json& item, absl::string_view path) {
  const Json* node = &item;
  for (absl::string_view part : absl::StrSplit(path, '.')) {
    if (!node->is_object()) return nullptr;
    const auto it = node->find(std::string(part));
    if (it == node->end()) return nullptr;
    node = &*it;
  }
  return *node;
}

bool IsEmpty(const Json& value) {
  // An enum's zero value (FOO_UNSPECIFIED) says nothing either.
  return value.is_null() ||
         (value.is_string() &&
          (value.get_ref<const std::string&>().empty() ||
           absl::EndsWith(value.get_ref<const std::string&>(),
                          "_UNSPECIFIED"))) ||
         (value.is_array() && value.empty());
}

std::string Text(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {
    std::vector<std::string> parts;
    for (const Json& element : value) parts.push_back(Text(element));
    return absl::StrJoin(parts, ",");
  }
  return value.dump();
}

std::string TimeText(const Json& value, absl::Time now) {
  absl::Time time;
  std::string error;
  if (!value.is_string() ||
      !absl::ParseTime(absl::RFC3339_full, value.get<std::string>(), &time,
                       &error)) {
    return "-";
  }
  return RelativeTime(time, now);
}

std::vector<Row> Rows(const Resource& resource, const std::vector<Json>& items,
                      const OutputOptions& options, Row* headers) {
  const bool wide = options.format == "wide";
  std::vector<const Column*> columns;
  for (const Column& column : resource.columns) {
    if (wide || !column.wide_only) columns.push_back(&column);
  }
  for (const Column* column : columns) headers->push_back(column->header);
  std::vector<Row> rows;
  for (const Json& item : items) {
    Row row;
    for (const Column* column : columns) {
      row.push_back(CellText(*column, item, options.now));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string Table(const Resource& resource, const std::vector<Json>& items,
                  const OutputOptions& options) {
  Row headers;
  const std::vector<Row> rows = Rows(resource, items, options, &headers);
  return RenderTable(headers, rows, options.colour);
}

}  // namespace

std::string CellText(const Column& column, const Json& item, absl::Time now) {
  absl::string_view path = column.path;
  if (absl::ConsumePrefix(&path, "#")) {
    const Json list = At(item, path);
    return std::to_string(list.is_array() ? list.size() : 0);
  }
  for (absl::string_view alternative : absl::StrSplit(path, '|')) {
    const Json value = At(item, alternative);
    if (IsEmpty(value)) continue;
    return column.kind == Column::kTime ? TimeText(value, now) : Text(value);
  }
  return "-";
}

std::string FormatDocument(const Json& json, const OutputOptions& options) {
  if (options.format == "json") return json.dump(2) + "\n";
  return ToYaml(json);
}

std::string FormatList(const Resource& resource, const std::string& field,
                       const std::vector<Json>& items,
                       const OutputOptions& options) {
  if (options.format == "json" || options.format == "yaml") {
    Json document;
    document[field] = items;
    return FormatDocument(document, options);
  }
  if (items.empty()) return "No " + std::string(resource.noun) + " found.\n";
  return Table(resource, items, options);
}

std::string FormatOne(const Resource& resource, const Json& response,
                      const Json& item, const OutputOptions& options) {
  if (options.format == "json" || options.format == "yaml") {
    return FormatDocument(response, options);
  }
  return Table(resource, {item}, options);
}

}  // namespace cordonctl
