#!/bin/sh
# The ASK CLI's build step for `ask deploy` (its custom build flow: it runs this file when it
# exists, with the zip to produce as $1). The zip is the one `make lambda-zip` built and the
# tests checked, for the Lambda's platform; the CLI's own Python build would use this machine's.
set -eu
zip="$(cd "$(dirname "$0")/.." && pwd)/dist/samen-sterker-lambda.zip"
if [ ! -f "$zip" ]; then
  echo "$zip is missing: run 'make skill-package lambda-zip' first" >&2
  exit 1
fi
cp "$zip" "$1"
