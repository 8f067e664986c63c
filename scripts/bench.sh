#!/usr/bin/env bash
# Runs Rampart's city-scale benchmarks in release and prints their figures.
# Usage: scripts/bench.sh [devices]   (default 1,000,000)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000000}"
cargo build --release -q -p rampart-bench
target/release/rampart-bench import --rows "$n"
target/release/rampart-bench estate --devices "$n"
target/release/rampart-bench feeds
target/release/rampart-bench match --devices "$n"
