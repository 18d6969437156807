#!/usr/bin/env bash
# Fetch the "outside" evaluation corpus: German documentation shipped in Debian packages that
# nobody on the team wrote. It is indexed alone (its own data dir) and asked the questions in
# tests/golden/outside.jsonl. Document ids are the file stems below (e.g. `debian-referenz`).
#
#   scripts/fetch_outside_corpus.sh [TARGET]      (default: .cache/outside-corpus)
#
# Needs apt-get and dpkg-deb (Debian/Ubuntu); no root needed for `apt-get download`.
# Idempotent: documents already in TARGET are skipped.
set -euo pipefail

target="${1:-.cache/outside-corpus}"
mkdir -p "$target"

# target name | Debian package | path inside the package | what it is
docs=(
  "debian-referenz.pdf|debian-reference-de|usr/share/debian-reference/debian-reference.de.pdf|Debian-Referenz (Osamu Aoki), ganze PDF, 276 Seiten"
  "latex2e-kurzbeschreibung.pdf|texlive-lang-german|usr/share/doc/texlive-doc/latex/lshort-german/l2kurz.pdf|LaTeX2e-Kurzbeschreibung (l2kurz), 58 Seiten"
  "debian-faq-distribution-waehlen.html|debian-faq-de|usr/share/doc/debian/FAQ/de/choosing.de.html|Debian-FAQ Kapitel 3: Eine Debian-Distribution auswählen"
  "debian-faq-unterstuetzung.html|debian-faq-de|usr/share/doc/debian/FAQ/de/support.de.html|Debian-FAQ Kapitel 12: Unterstützung für Debian GNU/Linux erhalten"
)

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Download and unpack each package at most once, and only if one of its documents is missing.
declare -A unpacked=()
unpack() {
  local pkg="$1"
  [[ -n "${unpacked[$pkg]:-}" ]] && return 0
  mkdir -p "$tmp/deb/$pkg" "$tmp/x/$pkg"
  (
    cd "$tmp/deb/$pkg"
    apt-get download -qq "$pkg" 2>/dev/null || { apt-get update -qq && apt-get download -qq "$pkg"; }
  )
  dpkg-deb -x "$tmp/deb/$pkg"/"$pkg"_*.deb "$tmp/x/$pkg"
  rm -rf "$tmp/deb/$pkg"
  unpacked[$pkg]=1
}

for entry in "${docs[@]}"; do
  IFS='|' read -r name pkg inner what <<<"$entry"
  dest="$target/$name"
  if [[ -s "$dest" ]]; then
    echo "vorhanden:    $dest  ($what)"
    continue
  fi
  unpack "$pkg"
  src="$tmp/x/$pkg/$inner"
  [[ -f "$src" ]] || { echo "fehlt im Paket $pkg: $inner" >&2; exit 1; }
  cp "$src" "$dest.part"
  mv "$dest.part" "$dest"
  echo "geholt:       $dest  ($what; Paket $pkg)"
done
