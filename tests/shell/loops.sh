# SPDX-License-Identifier: GPL-2.0
# Many short-lived processes: loops forking external commands.
i=0
while [ $i -lt 200 ]; do
	i=$(expr $i + 1)
done
echo "counted to $i with expr"
for w in alpha beta gamma; do
	printf '%s=%s\n' "$w" "$(echo "$w" | wc -c | tr -d ' ')"
done
seq 1 20 | xargs -n 5 echo
echo abc | sed 's/b/B/'
echo "x y z" | awk '{ print $3, $1 }'
