#!/usr/bin/env bash
# Fuzz every parser: build the seed corpora from the repository's fixtures,
# replay the committed crash reproductions, then run each cargo-fuzz target in
# turn. See docs/dev/fuzzing.md.
#
#   scripts/fuzz.sh                  all targets, FUZZ_SECONDS each
#   scripts/fuzz.sh cpe_parse csaf   only these targets
#   scripts/fuzz.sh --corpus-only    only (re)build fuzz/corpus/
#   scripts/fuzz.sh --list           list the targets
#
# Environment:
#   FUZZ_SECONDS=30     seconds per target
#   FUZZ_ASAN=1         AddressSanitizer build (needs RUSTC_BOOTSTRAP=1 on stable,
#                       set here); default is --sanitizer none (plain stable Rust)
#   FUZZ_KEEP_GOING=1   don't stop a target at its first crash (libFuzzer fork mode
#                       with one worker, -ignore_crashes/-ignore_timeouts): collect
#                       every crash found within the time budget
#   FUZZ_TIMEOUT=10     seconds one input may take before it counts as a hang
#   FUZZ_RSS_MB=2048    memory limit per target
#
# Exit status: 0 when every regression input passes and no target found a crash,
# hang or OOM; 1 otherwise (each artifact path is printed). Targets run one at a
# time (one process, one thread): the machine is shared.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FUZZ="$ROOT/fuzz"
SECS=${FUZZ_SECONDS:-30}
TIMEOUT=${FUZZ_TIMEOUT:-10}
RSS=${FUZZ_RSS_MB:-2048}
TRIPLE=$(rustc -vV | sed -n 's/^host: //p')

cd "$FUZZ"

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "cargo-fuzz is not installed: cargo install cargo-fuzz --locked" >&2
    exit 2
fi

ALL=$(cargo fuzz list)
case "${1:-}" in
    --list) echo "$ALL"; exit 0 ;;
    --corpus-only) python3 "$FUZZ/seed_corpus.py" "$ROOT"; exit 0 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
esac
if [ $# -gt 0 ]; then
    TARGETS="$*"
    for t in $TARGETS; do
        grep -qx "$t" <<<"$ALL" || { echo "unknown target: $t (see --list)" >&2; exit 2; }
    done
else
    TARGETS=$ALL
fi

# Build flags: identical for build and run so `cargo fuzz run` never rebuilds.
# Release with debug assertions and overflow checks (-a).
if [ "${FUZZ_ASAN:-0}" = 1 ]; then
    export RUSTC_BOOTSTRAP=1
    TARGET_DIR="$FUZZ/target/asan"
    # cargo caches the rustc probe; one earlier run without RUSTC_BOOTSTRAP
    # would make every ASan build fail ("-Z only accepted on nightly").
    rm -f "$TARGET_DIR/.rustc_info.json"
    FLAGS=(--sanitizer address -a --target-dir "$TARGET_DIR")
else
    TARGET_DIR="$FUZZ/target"
    FLAGS=(--sanitizer none -a)
fi
BIN="$TARGET_DIR/$TRIPLE/release"

dict_for() {
    case "$1" in
        cpe_*|inventory_syntax) echo cpe ;;
        version_order|vers_*|purl_parse) echo version ;;
        timestamp|feed_timestamp) echo time ;;
        inventory_nmap|recog_db) echo xml ;;
        inventory_cyclonedx|nvd_feed|cve5_*|csaf|kev) echo json ;;
        inventory_csv|epss|estate_*) echo csv ;;
        cvss_vector) echo cvss ;;
        *) echo "" ;;
    esac
}

echo "== seed corpora (fuzz/corpus/)"
# shellcheck disable=SC2086
python3 "$FUZZ/seed_corpus.py" "$ROOT" $TARGETS

echo "== build ($([ "${FUZZ_ASAN:-0}" = 1 ] && echo ASan || echo 'no sanitizer'))"
if [ $# -gt 0 ]; then
    for t in $TARGETS; do cargo fuzz build "${FLAGS[@]}" "$t"; done
else
    cargo fuzz build "${FLAGS[@]}"
fi

failed=()
LOGS="$FUZZ/artifacts/logs"
mkdir -p "$LOGS"

echo "== regressions (fuzz/regressions/)"
for t in $TARGETS; do
    [ -d "$FUZZ/regressions/$t" ] || continue
    for f in "$FUZZ/regressions/$t"/*; do
        [ -f "$f" ] || continue
        case "$f" in *.md|*.txt) continue ;; esac
        if "$BIN/$t" -timeout="$TIMEOUT" -rss_limit_mb="$RSS" "$f" >"$LOGS/$t.regression.log" 2>&1; then
            echo "  $t: ${f#"$ROOT"/} passes (fixed: keep it as a regression test)"
        else
            echo "  $t: ${f#"$ROOT"/} STILL FAILS:"
            grep -m1 -E "panicked at|ERROR: libFuzzer" -A2 "$LOGS/$t.regression.log" | sed 's/^/      /'
            failed+=("$t (regression ${f#"$ROOT"/})")
        fi
    done
done

printf '== fuzzing, %s s per target\n' "$SECS"
summary=()
for t in $TARGETS; do
    mkdir -p "$FUZZ/artifacts/$t"
    args=(-max_total_time="$SECS" -timeout="$TIMEOUT" -rss_limit_mb="$RSS"
          -print_final_stats=1)
    d=$(dict_for "$t")
    [ -n "$d" ] && args+=(-dict="$FUZZ/dict/$d.dict")
    if [ "${FUZZ_KEEP_GOING:-0}" = 1 ]; then
        args+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
    fi
    log="$LOGS/$t.log"
    marker="$LOGS/.$t.start"
    touch "$marker"
    start=$(date +%s)
    set +e
    # The binary built above, not `cargo fuzz run`: no rebuild when the
    # sources change while the targets run.
    "$BIN/$t" "${args[@]}" -artifact_prefix="$FUZZ/artifacts/$t/" "$FUZZ/corpus/$t" >"$log" 2>&1
    rc=$?
    set -e
    took=$(( $(date +%s) - start ))
    execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1 || true)
    [ -n "$execs" ] || execs=$(grep -oE '^#[0-9]+' "$log" | tr -d '#' | sort -n | tail -1 || true)
    corpus=$(find "$FUZZ/corpus/$t" -type f | wc -l)
    new_artifacts=$(find "$FUZZ/artifacts/$t" -type f -newer "$marker" | sort)
    rm -f "$marker"
    if [ "$rc" -ne 0 ] || [ -n "$new_artifacts" ]; then
        result=FAIL
        failed+=("$t")
        echo "  $t: FAILED after ${took}s (log: ${log#"$ROOT"/})"
        grep -m1 -E "panicked at|ERROR: libFuzzer" -A3 "$log" | sed 's/^/      /' || true
        for a in $new_artifacts; do
            echo "      artifact: ${a#"$ROOT"/}"
            echo "      reproduce: cd fuzz && cargo fuzz run ${FLAGS[*]} $t ${a#"$FUZZ"/}"
        done
    else
        result=ok
        echo "  $t: ok, ${took}s, ${execs:-?} execs, corpus $corpus"
    fi
    summary+=("$(printf '%-22s %-4s %5ss %12s execs  corpus %s' "$t" "$result" "$took" "${execs:-?}" "$corpus")")
done

echo "== summary"
printf '  %s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
    echo "FAILED: ${failed[*]}"
    echo "Minimise a crash: cd fuzz && cargo fuzz tmin ${FLAGS[*]} <target> <artifact>"
    exit 1
fi
echo "all targets ok"
