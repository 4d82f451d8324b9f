#ifndef CORDON_SERVER_ADAPTERS_MAIL_MIME_MESSAGE_H_
#define CORDON_SERVER_ADAPTERS_MAIL_MIME_MESSAGE_H_

// The message every mailer sends or spools: RFC 5322 headers and a MIME
// multipart/alternative body (plain text, then HTML) built from a
// ports::EmailMessage. The engine chooses the words; this file chooses the
// bytes. Pure: no I/O.

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/ports/mailer.h"

namespace cordon::adapters::mail {

// The Message-ID header's value for our message id, "<id-left@domain>":
// the id with every byte RFC 5322's dot-atom does not allow (and '.' where
// it would start, end or double one) written %XX, so the id stays readable
// and two ids never share a Message-ID; an id-left over 200 characters is
// cut and ends with a hash of the whole id. The same id always gives the
// same Message-ID, so a resend after a crash is recognisable.
std::string MessageIdHeader(absl::string_view message_id,
                            absl::string_view domain);

// "user@example.com" from "Name <user@example.com>" or a bare address.
std::string AddressOf(absl::string_view mailbox);

// The value for an unstructured header (Subject): CR and LF become spaces
// (no header injection); UTF-8 or a value too long for one line becomes
// RFC 2047 B-encoded words of at most 75 characters, folded.
std::string UnstructuredHeader(absl::string_view value);

// &, <, >, " and ' as HTML entities.
std::string HtmlEscape(absl::string_view text);

// The HTML part: the title, the facts as a table and the answers as a
// list, every string escaped; a message without a title shows its body.
std::string HtmlBody(const ports::EmailMessage& message);

// Quoted-printable (RFC 2045) with CRLF line breaks and lines of at most
// 76 characters: 7-bit safe for any UTF-8 text.
std::string QuotedPrintable(absl::string_view text);

// The whole message, every line ending in CRLF: Date (`date`, UTC), From
// (`from`, as configured), To, Subject, Message-ID (MessageIdHeader with
// the domain of `from`), X-Cordon-Message-Id, MIME-Version, and a
// multipart/alternative body whose parts are quoted-printable UTF-8.
// Header values lose any CR or LF.
std::string FormatMessage(const ports::EmailMessage& message,
                          absl::string_view from, absl::Time date);

}  // namespace cordon::adapters::mail

#endif  // CORDON_SERVER_ADAPTERS_MAIL_MIME_MESSAGE_H_
