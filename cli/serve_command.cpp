// SPDX-License-Identifier: MIT
// `logset serve`: the API over HTTP until SIGINT or SIGTERM.
#include "serve_command.h"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <thread>

#include "cli_output.h"
#include "commands.h"
#include "logset/keys.h"
#include "logset/server.h"
#include "logset/store.h"

namespace logset::cli {
namespace {

// Stops `server` on SIGINT or SIGTERM, and quits at once on a second one. The signals are blocked
// in the calling thread, and so in every thread it starts afterwards (the server's workers), and
// taken synchronously by sigwait on a dedicated thread, which may then call Server::Stop: nothing
// runs in a signal handler. REQUIRES: constructed before the server starts its worker threads.
class StopOnSignals {
 public:
  explicit StopOnSignals(Server& server) {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, &previous_mask_);
    waiter_ = std::thread([this, &server] {
      for (int received = 0;; ++received) {
        int signal_number = 0;
        sigwait(&signals_, &signal_number);
        if (finished_) return;
        const char* name = signal_number == SIGINT ? "SIGINT" : "SIGTERM";
        if (received == 0) {
          std::cerr << "logset: " << name
                    << " received, finishing in-flight requests (send it again to quit now)\n";
          server.Stop();
        } else {
          // Skipping the store's close is safe: SQLite's WAL recovers on the next open.
          std::cerr << "logset: " << name << " received again, quitting now\n";
          std::_Exit(128 + signal_number);
        }
      }
    });
  }

  ~StopOnSignals() {
    // Wake the waiter. The signal is blocked everywhere, so it only becomes pending for that
    // thread, which takes it in sigwait, sees finished_ and returns.
    finished_ = true;
    pthread_kill(waiter_.native_handle(), SIGTERM);
    waiter_.join();
    pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
  }

  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;

 private:
  sigset_t signals_;
  sigset_t previous_mask_;
  std::atomic<bool> finished_{false};
  std::thread waiter_;
};

std::string UrlHost(const std::string& host) {
  return host.find(':') != std::string::npos && host.front() != '[' ? "[" + host + "]" : host;
}

std::string ModeText(Store& store, bool open_mode) {
  if (open_mode) return "open mode: any well-formed API key is accepted";
  size_t active = 0;
  for (const ApiKeyInfo& key : ListApiKeys(store)) active += key.revoked ? 0 : 1;
  if (active == 0) return "keyed mode: every key is revoked, so every request gets 401";
  return "keyed mode: " + std::to_string(active) + " active API key" + (active == 1 ? "" : "s");
}

}  // namespace

CLI::App* SetupServe(CLI::App& app, std::function<void(const ServeOptions&)> run) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* serve = app.add_subcommand(
      "serve",
      "Serve the Respan Datasets and request-logs API over HTTP from the store (created if "
      "missing). Clients send \"Authorization: Bearer <key>\". Stops cleanly on Ctrl-C or "
      "SIGTERM.");
  serve->footer(
      "Modes: with no API key in the store (open mode) any well-formed key is accepted, so the "
      "server only listens on loopback unless --allow-open is given. Add keys with "
      "`logset keys add` or --api-key.\nThe startup line (URL, store, mode) goes to stdout; one "
      "access-log line per request goes to stderr. GET /healthz answers 200 without a key.");
  AddDbOption(serve, &options->db);
  serve
      ->add_option("--host", options->host,
                   "Address to listen on; 0.0.0.0 or :: for every interface (needs an API key, "
                   "or --allow-open)")
      ->capture_default_str();
  serve->add_option("--port", options->port, "TCP port; 0 picks a free one")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  serve
      ->add_option("--api-key", options->api_keys,
                   "Accept this key for organisation \"default\" (prod), storing it if new; "
                   "repeatable. Lets a test set-up pin its key")
      ->allow_extra_args(false);
  serve->add_flag("--allow-open", options->allow_open,
                  "Listen on a non-loopback address even though the store has no API keys: "
                  "anyone who reaches the port can then read and write the store");
  serve
      ->add_option("--threads", options->threads,
                   "Worker threads, each serving one kept-alive connection at a time; while "
                   "clients wait for one, idle connections close after 100 ms and slow headers "
                   "after 1 s (default: 32 or 4 per CPU, whichever is larger)")
      ->check(CLI::Range(1, 1024));
  serve->callback([options, run = std::move(run)] { run(*options); });
  return serve;
}

void SetupServe(CLI::App& app) {
  SetupServe(app,
             [](const ServeOptions& options) { WithLogsetErrors([&] { RunServe(options); }); });
}

void RunServe(const ServeOptions& options) {
  std::unique_ptr<Store> store = OpenStore(options.db);
  for (const std::string& key : options.api_keys) AddApiKey(*store, "default", "prod", key);

  ServerOptions server_options;
  server_options.host = options.host;
  server_options.port = options.port;
  server_options.threads = options.threads;
  server_options.allow_open = options.allow_open;
  server_options.access_log = &std::cerr;
  Server server(*store, server_options);
  const int port = server.Bind();
  {
    // Before the startup line: whoever reads it may signal at once.
    StopOnSignals stop_on_signals(server);
    std::cout << "logset: serving http://" << UrlHost(options.host) << ":" << port << "/ (store "
              << DisplayPath(options.db) << "; " << ModeText(*store, server.open_mode())
              << "). Press Ctrl-C to stop." << std::endl;
    server.Run();
  }
  std::cout << "logset: stopped" << std::endl;
}

}  // namespace logset::cli
