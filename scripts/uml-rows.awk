# SPDX-License-Identifier: GPL-2.0
#
# scripts/bench-uml.sh --json rows -> `umvm bench --json` rows (section
# "uml"), for `umvm bench --import`.
function field(name,   m) {
	if (match($0, "\"" name "\": *\"[^\"]*\"")) {
		m = substr($0, RSTART, RLENGTH)
		sub(/^[^:]*: *"/, "", m)
		sub(/"$/, "", m)
		return m
	}
	if (match($0, "\"" name "\": *[-0-9.enul]+")) {
		m = substr($0, RSTART, RLENGTH)
		sub(/^[^:]*: */, "", m)
		return m
	}
	return ""
}
/"workload"/ {
	v = field("us_per_op")
	stops = field("host_stops_per_op")
	if (stops == "" || stops == "null")
		stops = -1
	printf "{\"section\": \"uml\", \"workload\": \"%s\", \"runner\": \"%s: %s\", " \
	       "\"variant\": \"\", \"unit\": \"us\", \"n\": 1, \"median\": %s, " \
	       "\"min\": %s, \"max\": %s, \"q1\": %s, \"q3\": %s, \"stops\": %s}\n",
	       field("workload"), field("env"), field("mode"), v, v, v, v, v, stops
}
