#!/usr/bin/env bash
# Builds the agent and the demo, then runs the naive demo service twice against its embedded
# rate-limited simulator: without the agent, then with it.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -Dstyle.color=never -DskipTests package
echo
echo "=== without the agent"
java -jar demo-app/target/llm-guard-demo.jar "$@" || true
echo
echo "=== with -javaagent:agent/target/llm-guard.jar"
java -javaagent:agent/target/llm-guard.jar -jar demo-app/target/llm-guard-demo.jar "$@"
