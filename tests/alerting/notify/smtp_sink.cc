#include "alerting/notify/smtp_sink.h"

#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include <istream>

#include "core/base64.h"

namespace vigil::alerting::notify::testing {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

// Reads lines from and writes replies to the socket, through TLS once
// STARTTLS is done.
class Connection {
 public:
  Connection(tcp::socket& socket, asio::ssl::context& tls) : socket_(socket), tls_stream_(socket, tls) {}

  bool read_line(std::string& line) {
    boost::system::error_code error;
    if (tls_)
      asio::read_until(tls_stream_, buffer_, "\r\n", error);
    else
      asio::read_until(socket_, buffer_, "\r\n", error);
    if (error) return false;
    std::istream in(&buffer_);
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
  }
  void reply(const std::string& text) {
    boost::system::error_code error;
    const std::string line = text + "\r\n";
    if (tls_)
      asio::write(tls_stream_, asio::buffer(line), error);
    else
      asio::write(socket_, asio::buffer(line), error);
  }
  bool start_tls() {
    boost::system::error_code error;
    tls_stream_.handshake(asio::ssl::stream_base::server, error);
    tls_ = !error;
    return tls_;
  }

 private:
  tcp::socket& socket_;
  asio::ssl::stream<tcp::socket&> tls_stream_;
  asio::streambuf buffer_;
  bool tls_ = false;
};

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::string angle_address(const std::string& arg) {
  const size_t open = arg.find('<'), close = arg.find('>');
  return open == std::string::npos || close == std::string::npos ? arg : arg.substr(open + 1, close - open - 1);
}

std::string decode(const std::string& b64) { return base64_decode(b64).value_or("<bad base64>"); }

}  // namespace

SmtpSink::SmtpSink(SmtpSinkOptions options)
    : options_(std::move(options)), acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
  port_ = acceptor_.local_endpoint().port();
  thread_ = std::thread([this] { run(); });
}

SmtpSink::~SmtpSink() {
  stopping_ = true;
  boost::system::error_code ignored;
  // A blocked accept() is not woken by close(): connect to wake it.
  tcp::socket wake(io_);
  wake.connect(acceptor_.local_endpoint(), ignored);
  thread_.join();
}

std::vector<SmtpSession> SmtpSink::sessions() const {
  std::lock_guard lock(mutex_);
  return sessions_;
}

std::vector<SmtpSession> SmtpSink::sessions_when(size_t count) const {
  for (int i = 0; i < 500; ++i) {
    if (auto recorded = sessions(); recorded.size() >= count) return recorded;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return sessions();
}

void SmtpSink::run() {
  asio::ssl::context tls(asio::ssl::context::tls_server);
  if (!options_.cert_file.empty()) {
    tls.use_certificate_chain_file(options_.cert_file);
    tls.use_private_key_file(options_.key_file, asio::ssl::context::pem);
  }
  while (true) {
    tcp::socket socket(io_);
    boost::system::error_code error;
    acceptor_.accept(socket, error);
    if (error || stopping_) return;
    Connection conn(socket, tls);
    SmtpSession session;
    conn.reply("220 sink ESMTP");
    std::string line;
    while (conn.read_line(line)) {
      const std::string verb = upper(line.substr(0, line.find(' ')));
      const std::string arg = line.find(' ') == std::string::npos ? "" : line.substr(line.find(' ') + 1);
      if (verb == "EHLO" || verb == "HELO") {
        session.ehlo = arg;
        conn.reply("250-sink");
        if (options_.offer_starttls && !session.tls) conn.reply("250-STARTTLS");
        if (!options_.auth_mechanisms.empty()) conn.reply("250-AUTH " + options_.auth_mechanisms);
        conn.reply("250 8BITMIME");
      } else if (verb == "STARTTLS") {
        conn.reply("220 go ahead");
        session.tls = conn.start_tls();
        if (!session.tls) break;
      } else if (verb == "AUTH") {
        const std::string mechanism = upper(arg.substr(0, arg.find(' ')));
        session.auth_mechanism = mechanism;
        if (mechanism == "PLAIN") {
          std::string response = arg.find(' ') == std::string::npos ? "" : arg.substr(arg.find(' ') + 1);
          if (response.empty()) {
            conn.reply("334 ");
            conn.read_line(response);
          }
          // authzid NUL authcid NUL password
          const std::string plain = decode(response);
          const size_t first = plain.find('\0'), second = plain.find('\0', first + 1);
          session.auth_identity = plain.substr(0, first);
          session.auth_username = plain.substr(first + 1, second - first - 1);
          session.auth_password = plain.substr(second + 1);
        } else if (mechanism == "LOGIN") {
          std::string user, password;
          conn.reply("334 VXNlcm5hbWU6");
          conn.read_line(user);
          conn.reply("334 UGFzc3dvcmQ6");
          conn.read_line(password);
          session.auth_username = decode(user);
          session.auth_password = decode(password);
        }
        conn.reply("235 2.7.0 accepted");
      } else if (verb == "MAIL") {
        session.mail_from = angle_address(arg);
        conn.reply("250 ok");
      } else if (verb == "RCPT") {
        session.rcpt_to.push_back(angle_address(arg));
        conn.reply("250 ok");
      } else if (verb == "DATA") {
        conn.reply("354 go on");
        while (conn.read_line(line) && line != ".") {
          session.data += line.starts_with("..") ? line.substr(1) : line;
          session.data += "\r\n";
        }
        conn.reply("250 queued");
      } else if (verb == "QUIT") {
        conn.reply("221 bye");
        break;
      } else {
        conn.reply("250 ok");
      }
    }
    std::lock_guard lock(mutex_);
    sessions_.push_back(std::move(session));
  }
}

}  // namespace vigil::alerting::notify::testing
