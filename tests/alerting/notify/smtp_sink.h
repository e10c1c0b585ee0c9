#pragma once
// A fake SMTP server for notifier tests: one session at a time, records the
// greeting name, STARTTLS, AUTH credentials, the envelope and the data.

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

namespace vigil::alerting::notify::testing {

struct SmtpSinkOptions {
  bool offer_starttls = false;
  std::string auth_mechanisms;      // "PLAIN LOGIN"; empty: no AUTH extension
  std::string cert_file, key_file;  // for STARTTLS
};

struct SmtpSession {
  std::string ehlo;  // the name given to EHLO/HELO
  bool tls = false;  // STARTTLS was done
  std::string auth_mechanism, auth_username, auth_password, auth_identity;
  std::string mail_from;
  std::vector<std::string> rcpt_to;
  std::string data;  // without the final "." line, dots unstuffed
};

class SmtpSink {
 public:
  explicit SmtpSink(SmtpSinkOptions options);
  ~SmtpSink();

  int port() const { return port_; }
  std::string smarthost() const { return "127.0.0.1:" + std::to_string(port_); }
  std::vector<SmtpSession> sessions() const;
  // The sessions once there are at least `count` (the sink records one when
  // its connection ends, which may be just after the client returns), or
  // what there is after a few seconds.
  std::vector<SmtpSession> sessions_when(size_t count) const;

 private:
  void run();

  SmtpSinkOptions options_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<SmtpSession> sessions_;
  std::thread thread_;
};

}  // namespace vigil::alerting::notify::testing
