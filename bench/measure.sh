# Sourced by the bench scripts: `measure LABEL COMMAND...` runs COMMAND $runs times (default 3)
# with its output discarded and prints the best wall and user+system CPU seconds and the peak RSS
# of the last run. A command's exit status is ignored (scan exits 1 on findings): check its output
# separately. Uses $work (a scratch directory) for /usr/bin/time's report.
measure() {
  local label=$1 best_wall= best_cpu= rss= wall user sys kb cpu
  shift
  for ((i = 0; i < ${runs:-3}; i++)); do
    /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" >/dev/null 2>"$work/err" || true
    read -r wall user sys kb < <(tail -1 "$work/t")
    cpu=$(echo "$user + $sys" | bc -l)
    if [[ -z $best_wall ]] || (($(echo "$wall < $best_wall" | bc -l))); then best_wall=$wall; fi
    if [[ -z $best_cpu ]] || (($(echo "$cpu < $best_cpu" | bc -l))); then best_cpu=$cpu; fi
    rss=$kb
  done
  printf '%-38s wall %6.2f s  cpu %6.2f s  peak RSS %7.1f MB\n' "$label" "$best_wall" "$best_cpu" \
    "$(echo "$rss / 1024" | bc -l)"
}
