#!/usr/bin/env bash
# Makes docs/screen.svg, the README's picture, from a real capture: the
# built binary runs `codedesk --demo` in a pseudo-terminal, the first
# ctrl+s is sent, and the screen a terminal emulator then shows is
# rendered by freeze.
set -euo pipefail
cd "$(dirname "$0")/.."
go run ./docs/screenshot docs/screen.ansi
go run github.com/charmbracelet/freeze@v0.2.2 docs/screen.ansi --language ansi \
  --window --padding 20 --margin 0 --border.radius 8 --font.size 14 -o docs/screen.svg
echo "docs/screen.svg updated"
