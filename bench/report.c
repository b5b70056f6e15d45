// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark report: rows, their JSON rendering, and reading JSON
 * back (bench/report-markdown.c renders Markdown).  One JSON row object
 * per line, so that the rows of another run (the QEMU guest's,
 * scripts/bench-uml.sh's) can be read back line by line.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "bench.h"
#include "umvm.h"

struct brow *report_add(struct report *r, const char *section,
			const char *workload, const char *runner,
			const char *variant, const char *unit)
{
	struct brow *row;

	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->rows = realloc(r->rows, r->cap * sizeof(*r->rows));
		if (!r->rows)
			die(1, "bench: out of memory");
	}
	row = &r->rows[r->n++];
	memset(row, 0, sizeof(*row));
	snprintf(row->section, sizeof(row->section), "%s", section);
	snprintf(row->workload, sizeof(row->workload), "%s", workload);
	snprintf(row->runner, sizeof(row->runner), "%s", runner);
	snprintf(row->variant, sizeof(row->variant), "%s", variant);
	snprintf(row->unit, sizeof(row->unit), "%s", unit);
	row->stops = -1;
	return row;
}

const struct brow *report_native(const struct report *r,
				 const struct brow *row)
{
	for (int i = 0; i < r->n; i++) {
		const struct brow *n = &r->rows[i];

		if (!strcmp(n->runner, "native") && !n->na[0] &&
		    !strcmp(n->workload, row->workload) &&
		    !strcmp(n->unit, row->unit) &&
		    !strcmp(n->section, !strcmp(row->section, "umvm") ?
			    "micro" : row->section))
			return n;
	}
	return NULL;
}

double report_ratio(const struct report *r, const struct brow *row)
{
	const struct brow *n = report_native(r, row);

	if (row->na[0] || !n || n->st.median <= 0)
		return 0;
	return row->st.median / n->st.median;
}

/* A JSON string: quotes, backslashes and control characters escaped. */
static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static void json_row(FILE *f, const struct report *r, const struct brow *w)
{
	fprintf(f, "{\"section\": ");
	json_str(f, w->section);
	fprintf(f, ", \"workload\": ");
	json_str(f, w->workload);
	fprintf(f, ", \"runner\": ");
	json_str(f, w->runner);
	fprintf(f, ", \"variant\": ");
	json_str(f, w->variant);
	fprintf(f, ", \"unit\": ");
	json_str(f, w->unit);
	if (w->na[0]) {
		fprintf(f, ", \"na\": ");
		json_str(f, w->na);
		fprintf(f, "}");
		return;
	}
	fprintf(f, ", \"n\": %d, \"median\": %.1f, \"min\": %.1f, "
		"\"max\": %.1f, \"q1\": %.1f, \"q3\": %.1f",
		w->st.n, w->st.median, w->st.min, w->st.max, w->st.q1,
		w->st.q3);
	if (w->stops >= 0)
		fprintf(f, ", \"stops\": %.3f", w->stops);
	if (report_ratio(r, w) > 0)
		fprintf(f, ", \"x_native\": %.3f", report_ratio(r, w));
	if (w->ref > 0)
		fprintf(f, ", \"ref\": %.1f", w->ref);
	if (w->rss_kb)
		fprintf(f, ", \"rss_kb\": %ld", w->rss_kb);
	fprintf(f, "}");
}

void report_json(FILE *f, const struct report *r)
{
	fprintf(f, "{\"umvm_bench\": 1, \"machine\": ");
	json_str(f, r->machine);
	fprintf(f, ", \"calls\": %ld, \"repetitions\": %d, \"rows\": [\n",
		r->calls, r->reps);
	for (int i = 0; i < r->n; i++) {
		json_row(f, r, &r->rows[i]);
		fprintf(f, "%s\n", i + 1 < r->n ? "," : "");
	}
	fprintf(f, "]}\n");
}

/* Parse a JSON string at *p (after the quote) into @out. */
static int parse_str(const char **p, char *out, size_t len)
{
	const char *s = *p;
	size_t o = 0;

	for (; *s && *s != '"'; s++) {
		char c = *s;

		if (c == '\\') {
			s++;
			if (*s == 'u') {
				c = (char)strtol((char[]){ s[1], s[2], s[3],
							   s[4], 0 }, NULL, 16);
				if (!s[1] || !s[2] || !s[3] || !s[4])
					return -1;
				s += 4;
			} else if (*s == 'n') {
				c = '\n';
			} else if (*s == 't') {
				c = '\t';
			} else if (!*s) {
				return -1;
			} else {
				c = *s;
			}
		}
		if (o + 1 < len)
			out[o++] = c;
	}
	if (*s != '"')
		return -1;
	out[o] = 0;
	*p = s + 1;
	return 0;
}

#define STR_FIELD(name) { #name, offsetof(struct brow, name), \
			  sizeof(((struct brow *)0)->name) }

int report_parse_row(const char *line, struct brow *row)
{
	static const struct {
		const char *key;
		size_t off, len;
	} strs[] = {
		STR_FIELD(section), STR_FIELD(workload), STR_FIELD(runner),
		STR_FIELD(variant), STR_FIELD(unit), STR_FIELD(na),
	};
	const char *p = strchr(line, '{');
	char key[32], val[sizeof(row->na)];

	memset(row, 0, sizeof(*row));
	row->stops = -1;
	if (!p)
		return -1;
	p++;
	for (;;) {
		while (isspace((unsigned char)*p) || *p == ',')
			p++;
		if (*p == '}')
			break;
		if (*p++ != '"' || parse_str(&p, key, sizeof(key)) < 0)
			return -1;
		while (isspace((unsigned char)*p))
			p++;
		if (*p++ != ':')
			return -1;
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '"') {
			p++;
			if (parse_str(&p, val, sizeof(val)) < 0)
				return -1;
			for (size_t i = 0; i < ARRAY_SIZE(strs); i++)
				if (!strcmp(key, strs[i].key))
					snprintf((char *)row + strs[i].off,
						 strs[i].len, "%s", val);
		} else {
			char *end;
			double d = strtod(p, &end);

			if (end == p)
				return -1;
			p = end;
			if (!strcmp(key, "median"))
				row->st.median = d;
			else if (!strcmp(key, "min"))
				row->st.min = d;
			else if (!strcmp(key, "max"))
				row->st.max = d;
			else if (!strcmp(key, "q1"))
				row->st.q1 = d;
			else if (!strcmp(key, "q3"))
				row->st.q3 = d;
			else if (!strcmp(key, "n"))
				row->st.n = (int)d;
			else if (!strcmp(key, "stops"))
				row->stops = d;
			else if (!strcmp(key, "ref"))
				row->ref = d;
			else if (!strcmp(key, "rss_kb"))
				row->rss_kb = (long)d;
		}
	}
	if (!row->section[0] || !row->workload[0] || !row->runner[0])
		return -1;
	if (!row->na[0] && row->st.n < 1)
		return -1;
	return 0;
}

int report_import(struct report *r, FILE *f)
{
	char line[2048];
	int got = 0;

	while (fgets(line, sizeof(line), f)) {
		const char *m = strstr(line, "{\"umvm_bench\": 1, ") ?
				strstr(line, "\"machine\": \"") : NULL;
		struct brow row;

		/* The machine a whole report was measured on. */
		if (m) {
			const char *c = strstr(line, "\"calls\": ");
			const char *n = strstr(line, "\"repetitions\": ");

			m += strlen("\"machine\": \"");
			parse_str(&m, r->imported_machine,
				  sizeof(r->imported_machine));
			if (c)
				r->imported_calls = atol(c + 9);
			if (n)
				r->imported_reps = atoi(n + 15);
			continue;
		}
		if (!strstr(line, "\"section\""))
			continue;
		if (report_parse_row(line, &row) < 0)
			continue;
		*report_add(r, row.section, row.workload, row.runner,
			    row.variant, row.unit) = row;
		got++;
	}
	return got;
}
