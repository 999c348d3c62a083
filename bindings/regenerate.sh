#!/bin/sh
# Regenerates bindings/src from linux.h and linux.args with the jextract on PATH.
# jextract 23 emits SymbolLookup.findOrThrow (a Java 23 method); the sed keeps the output compiling with --release 22.
set -eu
cd "$(dirname "$0")"
command -v jextract >/dev/null || { echo "regenerate.sh: no jextract on PATH" >&2; exit 2; }
rm -rf src
jextract --output src --target-package dev.twine.internal.linux --header-class-name LibC @linux.args linux.h
find src -name '*.java' -exec sed -i -E 's/SYMBOL_LOOKUP\.findOrThrow\(("[^"]*")\)/SYMBOL_LOOKUP.find(\1).orElseThrow()/' {} +
echo "regenerated $(find src -name '*.java' | wc -l) files"
