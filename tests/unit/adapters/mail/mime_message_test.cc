#include "server/adapters/mail/mime_message.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/mail/smtp_sink.h"

namespace cordon::adapters::mail {
namespace mime_message_test {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kFrom[] = "Cordon <cordon@msp.example>";

ports::EmailMessage Escalation() {
  ports::EmailMessage message;
  message.message_id = "accounts/3/escalations/5/round/0/17/ada@msp.example";
  message.to = "ada@msp.example";
  message.subject = "[Cordon] HIGH LOGIN_UNEXPECTED_COUNTRY: country:RU";
  message.body = "Was this sign-in expected?\n\nSeverity: HIGH\n";
  message.title = "Was this sign-in expected?";
  message.facts = {{"Severity", "HIGH"},
                   {"Answer by", "2026-01-01T04:00:00+00:00"}};
  message.answers = {"EXPECTED: the sign-in was expected",
                     "UNAUTHORIZED: it was not"};
  return message;
}

std::string Headers(const std::string& text) {
  return text.substr(0, text.find("\r\n\r\n") + 2);
}

// ESC-3/ESC-9: the Message-ID is ours, so a resend after a crash carries
// the same one and a mail system can recognise it.
TEST(MimeMessageTest, Esc9MessageIdIsOurIdAndStableAcrossResends) {
  const std::string first =
      FormatMessage(Escalation(), kFrom, absl::FromUnixSeconds(1767225600));
  const std::string again = FormatMessage(
      Escalation(), kFrom, absl::FromUnixSeconds(1767225600) + absl::Hours(1));
  const std::string id =
      "Message-ID: <accounts/3/escalations/5/round/0/17/"
      "ada%40msp.example@msp.example>\r\n";
  EXPECT_THAT(Headers(first), HasSubstr(id));
  EXPECT_THAT(Headers(again), HasSubstr(id));
  EXPECT_NE(MessageIdHeader("a/b", "x"), MessageIdHeader("a%2Fb", "x"));
  EXPECT_EQ(MessageIdHeader(".a..b.", "x"), "<%2Ea.%2Eb%2E@x>");
  EXPECT_EQ(MessageIdHeader("a b<c>", "x"), "<a%20b%3Cc%3E@x>");
  const std::string long_id(500, 'a');
  EXPECT_LT(MessageIdHeader(long_id, "x").size(), 220u);
}

TEST(MimeMessageTest, HeadersFollowRfc5322) {
  const std::string text =
      FormatMessage(Escalation(), kFrom, absl::FromUnixSeconds(1767225600));
  EXPECT_THAT(text, StartsWith("Date: Thu, 01 Jan 2026 00:00:00 +0000\r\n"
                               "From: Cordon <cordon@msp.example>\r\n"
                               "To: ada@msp.example\r\n"
                               "Subject: [Cordon] HIGH "
                               "LOGIN_UNEXPECTED_COUNTRY: country:RU\r\n"));
  EXPECT_THAT(Headers(text),
              HasSubstr("MIME-Version: 1.0\r\nContent-Type: "
                        "multipart/alternative; boundary=\"=_cordon_"));
  // RFC 5322 2.1.1: at most 998 characters a line, and CRLF only.
  for (absl::string_view line : absl::StrSplit(text, "\r\n")) {
    EXPECT_LE(line.size(), 998u) << line;
    EXPECT_FALSE(absl::StrContains(line, '\n')) << "bare LF in " << line;
    EXPECT_FALSE(absl::StrContains(line, '\r')) << "bare CR in " << line;
  }
}

// No header injection: a subject or address cannot add a Bcc or Cc.
TEST(MimeMessageTest, HeaderValuesCannotStartNewHeaders) {
  ports::EmailMessage message = Escalation();
  message.subject = "Hello\r\nBcc: attacker@evil.example";
  message.to = "ada@msp.example\nCc: attacker@evil.example";
  const std::string headers =
      Headers(FormatMessage(message, kFrom, absl::UnixEpoch()));
  for (absl::string_view line : absl::StrSplit(headers, "\r\n")) {
    EXPECT_FALSE(absl::StartsWith(line, "Bcc:")) << line;
    EXPECT_FALSE(absl::StartsWith(line, "Cc:")) << line;
  }
  EXPECT_THAT(headers,
              HasSubstr("Subject: Hello  Bcc: attacker@evil.example\r\n"));
}

TEST(MimeMessageTest, NonAsciiSubjectIsEncodedAsRfc2047Words) {
  EXPECT_EQ(UnstructuredHeader("Anmeldung aus Köln"),
            "=?UTF-8?B?QW5tZWxkdW5nIGF1cyBLw7Zsbg==?=");
  // A long one is folded into several words, none cutting a character:
  // "ö" is two bytes, and 44 'a's put it across the 45-byte cut.
  const std::string folded = UnstructuredHeader(std::string(44, 'a') + "ö");
  EXPECT_THAT(folded, HasSubstr("?=\r\n =?UTF-8?B?"));
  EXPECT_THAT(folded, EndsWith("w7Y=?="));  // "ö" whole in the second word
  // A long ASCII subject is folded at spaces, not encoded.
  const std::string ascii = UnstructuredHeader(std::string(200, 'x') + " " +
                                               std::string(60, 'y') + " z");
  EXPECT_EQ(ascii,
            std::string(200, 'x') + "\r\n " + std::string(60, 'y') + " z");
}

TEST(MimeMessageTest, BodyIsMultipartAlternativeTextThenHtml) {
  const std::string text =
      FormatMessage(Escalation(), kFrom, absl::UnixEpoch());
  const size_t plain = text.find("Content-Type: text/plain; charset=UTF-8");
  const size_t html = text.find("Content-Type: text/html; charset=UTF-8");
  ASSERT_NE(plain, std::string::npos);
  ASSERT_NE(html, std::string::npos);
  EXPECT_LT(plain, html);
  const std::string boundary =
      text.substr(text.find("boundary=\"") + 10, 25);  // =_cordon_ + 16 hex
  EXPECT_THAT(text, EndsWith("--" + boundary + "--\r\n"));
  const std::string decoded = mail_testing::DecodeQuotedPrintable(text);
  EXPECT_THAT(decoded, HasSubstr("Was this sign-in expected?\r\n\r\n"
                                 "Severity: HIGH\r\n"));
  EXPECT_THAT(decoded, HasSubstr("<tr><th align=\"left\">Answer by</th>"
                                 "<td>2026-01-01T04:00:00+00:00</td></tr>"));
  EXPECT_THAT(decoded, HasSubstr("<li>UNAUTHORIZED: it was not</li>"));
}

// ESC-7 subjects and questions come from the outside world (country names,
// identities): the HTML part shows them as text, never as markup.
TEST(MimeMessageTest, HtmlPartEscapesEveryString) {
  ports::EmailMessage message = Escalation();
  message.title = "<script>alert('x')</script> & \"more\"";
  message.facts = {{"<b>", "a<img src=x>"}};
  message.answers = {"<a href=evil>"};
  const std::string html = HtmlBody(message);
  EXPECT_THAT(html, Not(HasSubstr("<script>")));
  EXPECT_THAT(html, Not(HasSubstr("<img")));
  EXPECT_THAT(html, Not(HasSubstr("<a href")));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
                              " &amp; &quot;more&quot;"));
  EXPECT_THAT(html, HasSubstr("<th align=\"left\">&lt;b&gt;</th>"));

  message.title.clear();
  message.body = "plain <body>";
  EXPECT_THAT(HtmlBody(message), HasSubstr("<pre>plain &lt;body&gt;</pre>"));
}

TEST(MimeMessageTest, QuotedPrintableKeepsLinesShortAndDecodesBack) {
  const std::string text =
      std::string(100, 'a') + " Köln = 1 \nnext\rline\r\nend ";
  const std::string encoded = QuotedPrintable(text);
  for (absl::string_view line : absl::StrSplit(encoded, "\r\n")) {
    EXPECT_LE(line.size(), 76u) << line;
    EXPECT_FALSE(absl::EndsWith(line, " ")) << line;
  }
  EXPECT_THAT(encoded, HasSubstr("K=C3=B6ln =3D 1=20\r\nnext\r\nline\r\n"));
  EXPECT_EQ(mail_testing::DecodeQuotedPrintable(encoded),
            std::string(100, 'a') + " Köln = 1 \r\nnext\r\nline\r\nend \r\n");
}

TEST(MimeMessageTest, AddressOfTakesTheAngleAddr) {
  EXPECT_EQ(AddressOf("Cordon <cordon@msp.example>"), "cordon@msp.example");
  EXPECT_EQ(AddressOf(" cordon@msp.example "), "cordon@msp.example");
}

}  // namespace mime_message_test
}  // namespace cordon::adapters::mail
