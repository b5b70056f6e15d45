# SPDX-License-Identifier: GPL-2.0
# Command substitution, nested, with status and large output.
a=$(echo hello)
echo "a=$a"
b=$(echo "$(echo nested $(echo deeper))")
echo "b=$b"
n=$(seq 1 50000 | wc -l)
echo "lines=$((n + 0))"
c=$(exit 7); echo "status of \$(exit 7): $?"
d=`expr 6 \* 7`
echo "backticks: $d"
len=$(seq 1 20000 | tr -d '\n' | wc -c)
echo "chars=$((len + 0))"
set -- $(echo one two three)
echo "words: $# last=$3"
