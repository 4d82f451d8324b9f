#include "server/adapters/mail/mime_message.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "server/core/fingerprint.h"

namespace cordon::adapters::mail {
namespace {

constexpr size_t kMaxIdLeftChars = 200;
constexpr size_t kCutIdLeftChars = 180;
// RFC 2047: an encoded-word is at most 75 characters; 45 bytes of UTF-8
// make 60 of base64, plus "=?UTF-8?B?" and "?=".
constexpr size_t kEncodedWordBytes = 45;
// RFC 5322 2.1.1: lines SHOULD be at most 78 characters.
constexpr size_t kFoldAt = 78;
// RFC 2045 6.7: encoded lines are at most 76 characters, the soft break's
// '=' included.
constexpr size_t kQpLineChars = 75;
constexpr absl::string_view kFallbackDomain = "cordon.invalid";

// RFC 5322 atext, less '%', which escapes everything else.
bool IsAtext(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
         absl::string_view("!#$&'*+-/=?^_`{|}~").find(c) !=
             absl::string_view::npos;
}

bool IsAscii(absl::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x80;
  });
}

// One header line's value: control characters (CR and LF above all, which
// would start a new header) become spaces.
std::string HeaderValue(absl::string_view value) {
  std::string clean(value);
  for (char& c : clean) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return clean;
}

// RFC 2047 B-encoded words, each cut at a UTF-8 character boundary and
// folded onto its own line.
std::string EncodedWords(absl::string_view text) {
  std::string encoded;
  while (!text.empty()) {
    size_t take = std::min(text.size(), kEncodedWordBytes);
    // Back off continuation bytes (10xxxxxx) so no character is split.
    while (take < text.size() && take > 0 &&
           (static_cast<unsigned char>(text[take]) & 0xC0) == 0x80) {
      --take;
    }
    if (take == 0) take = std::min(text.size(), kEncodedWordBytes);
    if (!encoded.empty()) encoded += "\r\n ";
    absl::StrAppend(&encoded, "=?UTF-8?B?",
                    absl::Base64Escape(text.substr(0, take)), "?=");
    text.remove_prefix(take);
  }
  return encoded;
}

// ASCII folded before a space wherever a line would pass kFoldAt
// ("Subject: " counted); a word longer than a line stays whole. Runs of
// spaces become one, so no folded line is blank.
std::string FoldAscii(absl::string_view text) {
  std::string folded;
  size_t column = 9;  // "Subject: "
  bool first = true;
  for (absl::string_view word : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    if (!first) {
      if (column + 1 + word.size() > kFoldAt) {
        folded += "\r\n";
        column = 0;
      }
      folded += ' ';
      ++column;
    }
    first = false;
    absl::StrAppend(&folded, word);
    column += word.size();
  }
  return folded;
}

std::string EscapedLines(absl::string_view text) {
  std::string html = HtmlEscape(text);
  std::string out;
  for (char c : html) {
    if (c == '\n') {
      out += "<br>";
    } else if (c != '\r') {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string MessageIdHeader(absl::string_view message_id,
                            absl::string_view domain) {
  std::string left;
  for (size_t i = 0; i < message_id.size(); ++i) {
    const char c = message_id[i];
    const bool dot_ok = c == '.' && !left.empty() &&
                        i + 1 < message_id.size() && left.back() != '.';
    if (IsAtext(c) || dot_ok) {
      left += c;
    } else {
      absl::StrAppendFormat(&left, "%%%02X", static_cast<unsigned char>(c));
    }
  }
  if (left.size() > kMaxIdLeftChars) {
    left = absl::StrFormat("%s~%016x", left.substr(0, kCutIdLeftChars),
                           core::Fingerprint(message_id));
  }
  if (left.empty()) left = "empty";
  return absl::StrCat("<", left, "@", domain, ">");
}

std::string AddressOf(absl::string_view mailbox) {
  const size_t open = mailbox.rfind('<');
  const size_t close = mailbox.rfind('>');
  if (open != absl::string_view::npos && close != absl::string_view::npos &&
      open < close) {
    return std::string(mailbox.substr(open + 1, close - open - 1));
  }
  return std::string(absl::StripAsciiWhitespace(mailbox));
}

std::string UnstructuredHeader(absl::string_view value) {
  const std::string clean = HeaderValue(value);
  if (!IsAscii(clean)) return EncodedWords(clean);
  return clean.size() + 9 <= kFoldAt ? clean : FoldAscii(clean);
}

std::string HtmlEscape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string HtmlBody(const ports::EmailMessage& message) {
  std::string html = absl::StrCat(
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>",
      HtmlEscape(HeaderValue(message.subject)),
      "</title></head>\n<body style=\"font-family:sans-serif\">\n");
  if (message.title.empty()) {
    absl::StrAppend(&html, "<pre>", HtmlEscape(message.body), "</pre>\n");
    return absl::StrCat(html, "</body></html>\n");
  }
  absl::StrAppend(&html, "<p><strong>", EscapedLines(message.title),
                  "</strong></p>\n");
  if (!message.facts.empty()) {
    html += "<table cellpadding=\"4\">\n";
    for (const ports::EmailMessage::Fact& fact : message.facts) {
      absl::StrAppend(&html, "<tr><th align=\"left\">",
                      EscapedLines(fact.label), "</th><td>",
                      EscapedLines(fact.value), "</td></tr>\n");
    }
    html += "</table>\n";
  }
  if (!message.answers.empty()) {
    html += "<p>The answers you can give (in Cordon):</p>\n<ul>\n";
    for (const std::string& answer : message.answers) {
      absl::StrAppend(&html, "<li>", EscapedLines(answer), "</li>\n");
    }
    html += "</ul>\n";
  }
  return absl::StrCat(html, "</body></html>\n");
}

std::string QuotedPrintable(absl::string_view text) {
  std::string out;
  size_t column = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\r\n";
      column = 0;
      continue;
    }
    // Whitespace at a line's end would be lost in transit (RFC 2045 6.7).
    const bool line_end =
        i + 1 == text.size() || text[i + 1] == '\r' || text[i + 1] == '\n';
    const bool literal = (c >= 33 && c <= 126 && c != '=') ||
                         ((c == ' ' || c == '\t') && !line_end);
    const std::string token = literal ? std::string(1, static_cast<char>(c))
                                      : absl::StrFormat("=%02X", c);
    if (column + token.size() > kQpLineChars) {
      out += "=\r\n";
      column = 0;
    }
    out += token;
    column += token.size();
  }
  if (!absl::EndsWith(out, "\r\n")) out += "\r\n";
  return out;
}

namespace {

std::string DomainOf(absl::string_view from) {
  const std::string address = AddressOf(from);
  const size_t at = address.rfind('@');
  if (at == std::string::npos || at + 1 == address.size()) {
    return std::string(kFallbackDomain);
  }
  const std::string domain = address.substr(at + 1);
  const bool clean = std::all_of(domain.begin(), domain.end(), [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' ||
           c == '-';
  });
  return clean ? domain : std::string(kFallbackDomain);
}

std::string Part(absl::string_view boundary, absl::string_view type,
                 absl::string_view text) {
  return absl::StrCat("--", boundary, "\r\nContent-Type: ", type,
                      "; charset=UTF-8\r\n",
                      "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
                      QuotedPrintable(text));
}

}  // namespace

std::string FormatMessage(const ports::EmailMessage& message,
                          absl::string_view from, absl::Time date) {
  // Quoted-printable never writes "=_", so no part can contain the
  // boundary.
  const std::string boundary =
      absl::StrFormat("=_cordon_%016x", core::Fingerprint(message.message_id));
  std::string id = HeaderValue(message.message_id);
  if (id.size() > 900) id.resize(900);  // a line stays under 998
  return absl::StrCat(
      "Date: ",
      absl::FormatTime("%a, %d %b %Y %H:%M:%S +0000", date,
                       absl::UTCTimeZone()),
      "\r\nFrom: ", HeaderValue(from), "\r\nTo: ", HeaderValue(message.to),
      "\r\nSubject: ", UnstructuredHeader(message.subject),
      "\r\nMessage-ID: ", MessageIdHeader(message.message_id, DomainOf(from)),
      "\r\nX-Cordon-Message-Id: ", id, "\r\nMIME-Version: 1.0\r\n",
      "Content-Type: multipart/alternative; boundary=\"", boundary,
      "\"\r\n\r\n", Part(boundary, "text/plain", message.body),
      Part(boundary, "text/html", HtmlBody(message)), "--", boundary, "--\r\n");
}

}  // namespace cordon::adapters::mail
