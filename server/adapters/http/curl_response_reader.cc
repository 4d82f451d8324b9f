#include "server/adapters/http/curl_response_reader.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"

namespace cordon::adapters::http {

CurlResponseReader::CurlResponseReader(HttpResponse& response, size_t max_bytes)
    : response_(response), max_bytes_(max_bytes) {}

void CurlResponseReader::Attach(CurlOptionSetter& set) {
  set.Set(CURLOPT_HEADERFUNCTION, &OnHeaderLine);
  set.Set(CURLOPT_HEADERDATA, this);
  set.Set(CURLOPT_WRITEFUNCTION, &OnBody);
  set.Set(CURLOPT_WRITEDATA, this);
}

// libcurl aborts the transfer when a callback returns any count other than
// the one it was given.
size_t CurlResponseReader::OnHeaderLine(char* data, size_t size, size_t count,
                                        void* self) {
  return static_cast<CurlResponseReader*>(self)->Receive(
      Part::kHeaderLine, std::string_view(data, size * count));
}

size_t CurlResponseReader::OnBody(char* data, size_t size, size_t count,
                                  void* self) {
  return static_cast<CurlResponseReader*>(self)->Receive(
      Part::kBody, std::string_view(data, size * count));
}

size_t CurlResponseReader::Receive(Part part, std::string_view bytes) {
  if (bytes.size() > max_bytes_ - received_bytes_) {
    exceeded_budget_ = true;
    return 0;
  }
  received_bytes_ += bytes.size();
  if (part == Part::kHeaderLine) {
    AddHeaderLine(bytes);
  } else {
    response_.body.append(bytes);
  }
  return bytes.size();
}

void CurlResponseReader::AddHeaderLine(std::string_view line) {
  // A status line starts each response; interim ones (100 Continue) come
  // with their own headers, which the final response's replace.
  if (line.starts_with("HTTP/")) {
    response_.headers.clear();
    return;
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return;  // the blank line at the end
  absl::string_view name(line.data(), colon);
  absl::string_view value(line.data() + colon + 1, line.size() - colon - 1);
  response_.headers.push_back(
      {absl::AsciiStrToLower(absl::StripAsciiWhitespace(name)),
       std::string(absl::StripAsciiWhitespace(value))});
}

}  // namespace cordon::adapters::http
