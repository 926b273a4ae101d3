#!/usr/bin/env bash
# Browser tests drive Debian's Chromium through Playwright (Playwright's own browser
# download cannot work offline). Exit 0 when /usr/bin/chromium is usable.
set -u
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    && [ -x /usr/bin/chromium ] && exit 0
  echo "Could not install chromium with apt-get." >&2
else
  echo "Chromium is missing at /usr/bin/chromium; install it with: sudo apt-get install chromium" >&2
fi
exit 1
