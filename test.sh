#!/usr/bin/env bash
# Runs every test: unit tests, then real JVMs with -javaagent (OkHttp 3/4/5, the JDK client, Apache
# HttpClient, the OpenAI and Anthropic SDKs, LangChain4j, Spring AI, a Redis-backed fleet) on JDK 17
# and, when present, JDK 25.
# Installs what a fresh machine lacks (redis-server, from Debian's packages) first.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v redis-server >/dev/null 2>&1; then
  echo "installing redis-server (the fleet tests start their own instances)"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq redis-server >/dev/null
fi

# The integration tests also run the agent on a second JDK (Temurin 25), wherever it is.
extra=()
jdk25="$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -n 1 || true)"
if [ -n "$jdk25" ]; then
  extra=("-Dit.extra.jdks=$jdk25")
else
  extra=("-Dit.extra.jdks=")
  echo "note: no JDK 25 under /usr/lib/jvm; the integration tests run on $(java -version 2>&1 | head -n 1) only" >&2
fi

mvn -B verify "${extra[@]}" "$@"
