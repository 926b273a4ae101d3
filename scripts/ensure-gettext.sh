#!/usr/bin/env bash
# The translation tests and `make messages` run Django's makemessages, which needs
# xgettext and msgmerge from GNU gettext. Exit 0 when they are usable.
set -u
if command -v xgettext >/dev/null && command -v msgmerge >/dev/null; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing GNU gettext for the translation tests..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null) \
    && command -v xgettext >/dev/null && exit 0
  echo "Could not install gettext with apt-get." >&2
else
  echo "GNU gettext is missing; install it with: sudo apt-get install gettext" >&2
fi
exit 1
