#!/usr/bin/env bash
# Regenerates every generated and exported file of this module from
# scratch, with the commands of errcat's docs/guide.md ("Use errcat in your
# service"), then checks the German translations. Run from anywhere; CI runs
# it here and in a module outside errcat's tree, and fails on any diff.
set -euo pipefail
cd "$(dirname "$0")"
rm -rf gen docs proto/errcat proto/google

# guide:generate
go tool errcat proto export proto
go tool -modfile=tools/go.mod buf generate
# guide:end

trap 'rm -f orders.binpb' EXIT # a build artefact, never committed
# guide:locales
go tool -modfile=tools/go.mod buf build -o orders.binpb
go tool errcat-locales init -descriptor-set orders.binpb -locale de -out locales
go tool errcat-locales check -descriptor-set orders.binpb -dir locales
# guide:end
