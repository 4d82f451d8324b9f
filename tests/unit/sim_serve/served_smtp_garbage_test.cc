// The SMTP sink against a client that is no mail client: garbage, over-long
// lines, commands out of order, MAIL before STARTTLS, silence. Each gets a
// precise reply or a closed connection, and the sink keeps serving.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <utility>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "simulator/event_log.h"
#include "simulator/random.h"
#include "simulator/serve/sim_server.h"
#include "simulator/world.h"
#include "testing/fake_clock.h"

namespace cordon::sim::serve::testing {
namespace served_smtp_garbage_test {

using ::testing::HasSubstr;
using ::testing::Not;

// Sends `input` in clear, then reads until the sink hangs up (bounded by a
// receive timeout, so a sink that never closes fails the test, not hangs it).
std::string Converse(int port, const std::string& input) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  const timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address))) {
    close(fd);
    return "connect failed";
  }
  send(fd, input.data(), input.size(), MSG_NOSIGNAL);
  std::string transcript;
  char chunk[4096];
  ssize_t n;
  while ((n = recv(fd, chunk, sizeof(chunk), 0)) > 0)
    transcript.append(chunk, n);
  if (n < 0) transcript += "<no hang-up>";
  close(fd);
  return transcript;
}

class ServedSmtpGarbageTest : public ::testing::Test {
 protected:
  void Serve(absl::Duration idle_timeout = absl::Seconds(5)) {
    ServeOptions options;
    options.app.client_id = "3f1c9e52-7d4b-4c2a-9b61-0e8a5d2f4c17";
    options.app.client_secret = "served-sim-secret";
    options.smtp.enabled = true;
    options.smtp.idle_timeout = idle_timeout;
    auto server = SimServer::Start(&world_, &random_, &clock_, options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
  }

  ports::FakeClock clock_;
  EventLog events_{&clock_};
  World world_{&events_};
  Random random_{7};
  std::unique_ptr<SimServer> server_;
};

// ESC-6: mail goes over TLS or not at all, so the sink refuses a
// transaction in clear as a real submission server does.
TEST_F(ServedSmtpGarbageTest, Esc6MailBeforeStartTlsIsRefused) {
  Serve();
  const std::string transcript =
      Converse(server_->smtp_port(),
               "EHLO client\r\nAUTH PLAIN AGEAYg==\r\nMAIL FROM:<a@b.example>"
               "\r\nQUIT\r\n");
  EXPECT_THAT(transcript, HasSubstr("250 STARTTLS\r\n"));
  EXPECT_THAT(transcript, Not(HasSubstr("AUTH PLAIN LOGIN")));
  EXPECT_THAT(transcript,
              HasSubstr("530 5.7.0 Must issue a STARTTLS command first\r\n"
                        "530 5.7.0 Must issue a STARTTLS command first\r\n"
                        "221 2.0.0 Bye\r\n"));
}

TEST_F(ServedSmtpGarbageTest, GarbageGetsRepliesAndTheSinkKeepsServing) {
  // What follows STARTTLS in clear is dropped (RFC 3207), so the handshake
  // waits for a hello that never comes: the idle timeout ends it.
  Serve(absl::Milliseconds(200));
  std::string garbage("\x00\xff\x01 binary\r\n", 12);
  garbage += std::string(10'000, 'A') + "\r\n";
  garbage += "RCPT TO:<x@y.example>\r\nDATA\r\nMAIL\r\nEHLO\r\n\r\n";
  garbage += "STARTTLS\r\nnot a TLS hello\r\n";
  const std::string transcript = Converse(server_->smtp_port(), garbage);
  EXPECT_THAT(transcript, HasSubstr("220 127.0.0.1 ESMTP cordon-sim\r\n"
                                    "500 5.5.2 Command unrecognized\r\n"
                                    "500 5.5.2 Line too long\r\n"
                                    "503 5.5.1 Send MAIL first\r\n"
                                    "503 5.5.1 No valid recipients\r\n"));
  // The failed handshake ends the connection, logged.
  EXPECT_THAT(transcript, HasSubstr("220 2.0.0 Ready to start TLS\r\n"));
  EXPECT_THAT(transcript, Not(HasSubstr("<no hang-up>")));
  EXPECT_THAT(server_->request_log().ToJson(), HasSubstr("TLS_FAILED"));
  // The next client is served as usual.
  EXPECT_THAT(Converse(server_->smtp_port(), "NOOP\r\nQUIT\r\n"),
              HasSubstr("250 2.0.0 OK\r\n221 2.0.0 Bye\r\n"));
}

TEST_F(ServedSmtpGarbageTest, TooManyErrorsCloseTheConnection) {
  Serve();
  std::string input;
  for (int i = 0; i < 30; ++i) input += "XYZZY\r\n";
  const std::string transcript = Converse(server_->smtp_port(), input);
  EXPECT_THAT(transcript, HasSubstr("421 4.7.0 Too many errors, closing\r\n"));
  EXPECT_THAT(transcript, Not(HasSubstr("<no hang-up>")));
}

TEST_F(ServedSmtpGarbageTest, IdleConnectionIsClosed) {
  Serve(absl::Milliseconds(100));
  // Nothing sent: the sink hangs up after its idle timeout (the client
  // would wait 10 s).
  const std::string transcript = Converse(server_->smtp_port(), "");
  EXPECT_EQ(transcript, "220 127.0.0.1 ESMTP cordon-sim\r\n");
}

TEST_F(ServedSmtpGarbageTest, ZeroBoundsAreRefusedAtStart) {
  ServeOptions options;
  options.app.client_id = "3f1c9e52-7d4b-4c2a-9b61-0e8a5d2f4c17";
  options.app.client_secret = "served-sim-secret";
  options.smtp.enabled = true;
  options.smtp.max_connections = 0;
  auto server = SimServer::Start(&world_, &random_, &clock_, options);
  EXPECT_EQ(server.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace served_smtp_garbage_test
}  // namespace cordon::sim::serve::testing
