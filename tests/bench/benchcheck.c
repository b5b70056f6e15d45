// SPDX-License-Identifier: GPL-2.0
/*
 * Checks of umvm bench's harness, linked with its own objects
 * (bench/stats.c, report.c, svg.c):
 *
 *   benchcheck unit        statistics on known inputs; a report with
 *                          awkward strings rendered to JSON (valid, and
 *                          read back to the same rows), Markdown (one
 *                          table row per row) and SVG (well-formed)
 *   benchcheck json FILE   FILE is valid JSON
 *   benchcheck svg FILE    FILE is well-formed XML with an <svg> root
 *
 * Prints "ok ..." / "FAIL ..." lines; exit status 1 on any failure.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../bench/bench.h"

static int failed;

static void check(int cond, const char *what)
{
	printf("%s %s\n", cond ? "ok" : "FAIL", what);
	failed |= !cond;
}

/* A recursive-descent JSON checker (RFC 8259 grammar, no extensions). */
static const char *ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static const char *value(const char *p, int depth);

static const char *string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	for (; *p != '"'; p++) {
		if ((unsigned char)*p < 0x20)
			return NULL;
		if (*p == '\\') {
			p++;
			if (*p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!isxdigit((unsigned char)p[i]))
						return NULL;
				p += 4;
			} else if (!strchr("\"\\/bfnrt", *p) || !*p) {
				return NULL;
			}
		}
	}
	return p + 1;
}

static const char *number(const char *p)
{
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (isdigit((unsigned char)*p))
		while (isdigit((unsigned char)*p))
			p++;
	else
		return NULL;
	if (*p == '.') {
		if (!isdigit((unsigned char)*++p))
			return NULL;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!isdigit((unsigned char)*p))
			return NULL;
		while (isdigit((unsigned char)*p))
			p++;
	}
	return p;
}

static const char *container(const char *p, int depth, char close)
{
	p = ws(p + 1);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (close == '}') {
			p = string(p);
			if (!p)
				return NULL;
			p = ws(p);
			if (*p++ != ':')
				return NULL;
		}
		p = value(ws(p), depth + 1);
		if (!p)
			return NULL;
		p = ws(p);
		if (*p == close)
			return p + 1;
		if (*p++ != ',')
			return NULL;
		p = ws(p);
	}
}

static const char *value(const char *p, int depth)
{
	if (depth > 64)
		return NULL;
	switch (*p) {
	case '{': return container(p, depth, '}');
	case '[': return container(p, depth, ']');
	case '"': return string(p);
	case 't': return strncmp(p, "true", 4) ? NULL : p + 4;
	case 'f': return strncmp(p, "false", 5) ? NULL : p + 5;
	case 'n': return strncmp(p, "null", 4) ? NULL : p + 4;
	default: return number(p);
	}
}

static int json_ok(const char *text)
{
	const char *p = value(ws(text), 0);

	return p && !*ws(p);
}

/*
 * XML well-formedness, as much as an SVG writer can get wrong: tags
 * nest and match, attributes are quoted, text has no raw '<' and every
 * '&' starts an entity.
 */
static int svg_ok(const char *p)
{
	char stack[64][32];
	int depth = 0, root = 0;

	if (!strncmp(p, "<?xml", 5)) {
		p = strstr(p, "?>");
		if (!p)
			return 0;
		p += 2;
	}
	for (; *p; p++) {
		if (*p == '&') {
			const char *e = strchr(p, ';');

			if (!e || e - p > 8)
				return 0;
			for (const char *q = p + 1; q < e; q++)
				if (!isalnum((unsigned char)*q) && *q != '#')
					return 0;
			continue;
		}
		if (*p != '<')
			continue;
		if (p[1] == '/') {
			size_t n = strcspn(p + 2, ">");

			if (!depth || strlen(stack[depth - 1]) != n ||
			    strncmp(stack[depth - 1], p + 2, n))
				return 0;
			depth--;
			p += 2 + n;
			continue;
		}
		{
			size_t n = strcspn(p + 1, " \t\n/>");
			const char *q = p + 1 + n;

			if (!n || n >= 32 || depth == 64)
				return 0;
			if (!depth && root++)
				return 0;	/* one root element */
			if (!depth && strncmp(p + 1, "svg", 3))
				return 0;
			memcpy(stack[depth], p + 1, n);
			stack[depth][n] = 0;
			/* attributes: name="value" */
			for (;;) {
				while (isspace((unsigned char)*q))
					q++;
				if (*q == '/' && q[1] == '>') {
					q++;
					break;
				}
				if (*q == '>') {
					depth++;
					break;
				}
				while (isalnum((unsigned char)*q) ||
				       *q == '-' || *q == ':')
					q++;
				if (*q++ != '=' || *q++ != '"')
					return 0;
				while (*q && *q != '"') {
					if (*q == '<')
						return 0;
					q++;
				}
				if (*q++ != '"')
					return 0;
			}
			p = q;
		}
	}
	return root == 1 && depth == 0;
}

static char *slurp(FILE *f)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	size_t n;

	while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len < 2)
			buf = realloc(buf, cap *= 2);
	}
	if (buf)
		buf[len] = 0;
	return buf;
}

static char *render(void (*fn)(FILE *, const struct report *),
		    const struct report *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	fn(f, r);
	fclose(f);
	return buf;
}

static int close_to(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

static void unit_stats(void)
{
	double a[] = { 5, 1, 4, 2, 3 };
	double b[] = { 10, 40, 20, 30 };
	double c[] = { 7 };
	struct stats s;

	stats_compute(a, 5, &s);
	check(s.n == 5 && close_to(s.median, 3) && close_to(s.min, 1) &&
	      close_to(s.max, 5) && close_to(s.q1, 2) && close_to(s.q3, 4),
	      "stats: 5 values, median 3, quartiles 2 and 4");
	stats_compute(b, 4, &s);
	check(close_to(s.median, 25) && close_to(s.q1, 17.5) &&
	      close_to(s.q3, 32.5) && close_to(s.min, 10) &&
	      close_to(s.max, 40), "stats: 4 values, median 25, q1 17.5");
	stats_compute(c, 1, &s);
	check(close_to(s.median, 7) && close_to(s.q1, 7) && close_to(s.max, 7),
	      "stats: one value");
}

static void unit_formats(void)
{
	struct report r = { 0 }, back = { 0 };
	struct brow *w;
	double v[] = { 100, 110, 90 }, u[] = { 2000, 2100, 1900 };
	char *json, *md, *svg, *line;
	FILE *f;
	int rows = 0;

	snprintf(r.machine, sizeof(r.machine), "test \"machine\" <&> \\ |");
	r.calls = 1000;
	r.reps = 3;
	w = report_add(&r, "micro", "getppid", "native", "", "ns");
	stats_compute(v, 3, &w->st);
	w->stops = 0;
	w = report_add(&r, "micro", "getppid", "mech <a&b> \"q\"", "emulate|x",
		       "ns");
	stats_compute(u, 3, &w->st);
	w->stops = 1;
	w = report_add(&r, "micro", "getppid", "absent", "pass", "ns");
	snprintf(w->na, sizeof(w->na), "host kernel lacks \"it\"\n<really>");
	w = report_add(&r, "macro", "tar", "native", "", "ms");
	stats_compute(v, 3, &w->st);
	w = report_add(&r, "macro", "tar", "peer", "", "ms");
	snprintf(w->na, sizeof(w->na), "not installed");

	check(close_to(report_ratio(&r, &r.rows[1]), 20),
	      "ratio to native: 2000/100 = 20");
	check(report_ratio(&r, &r.rows[2]) == 0, "n/a row has no ratio");

	json = render(report_json, &r);
	check(json_ok(json), "JSON output parses");
	f = fmemopen(json, strlen(json), "r");
	check(report_import(&back, f) == r.n, "JSON rows read back");
	fclose(f);
	check(back.n == r.n && !strcmp(back.rows[1].runner, r.rows[1].runner)
	      && !strcmp(back.rows[2].na, r.rows[2].na) &&
	      close_to(back.rows[1].st.median, 2000) &&
	      close_to(back.rows[1].stops, 1),
	      "JSON round trip keeps strings, medians and stops");
	check(!json_ok("{\"a\": [1, 2,]}") && !json_ok("{\"a\" 1}") &&
	      !json_ok("{\"a\": \"\x01\"}") && json_ok("{\"a\": [1e3, -0.5]}"),
	      "the JSON checker itself rejects bad JSON");

	md = render(report_markdown, &r);
	for (line = md; (line = strstr(line, "\n| getppid |")); line++)
		rows++;
	check(rows == 3, "Markdown: one table row per micro row");
	check(strstr(md, "| native | 100 ms |") &&
	      strstr(md, "| peer | n/a: not installed |"),
	      "Markdown: workload table, n/a with its reason");
	check(strstr(md, "emulate\\|x") != NULL, "Markdown: '|' escaped");

	svg = render(report_svg, &r);
	check(svg_ok(svg), "SVG output is well-formed");
	check(strstr(svg, "&lt;a&amp;b&gt;") && strstr(svg, ">20.0x<"),
	      "SVG: text escaped, ratio shown");
	check(!svg_ok("<svg><g></svg>") && !svg_ok("<svg a=b/>") &&
	      !svg_ok("<svg>a & b</svg>"),
	      "the SVG checker itself rejects bad XML");
	free(json);
	free(md);
	free(svg);
	free(r.rows);
	free(back.rows);
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "unit")) {
		unit_stats();
		unit_formats();
		return failed;
	}
	if (argc == 3 && (!strcmp(argv[1], "json") || !strcmp(argv[1], "svg"))) {
		FILE *f = fopen(argv[2], "r");
		char *text = f ? slurp(f) : NULL;

		if (!text) {
			printf("FAIL cannot read %s\n", argv[2]);
			return 1;
		}
		fclose(f);
		check(argv[1][0] == 'j' ? json_ok(text) : svg_ok(text),
		      argv[1][0] == 'j' ? "JSON file parses" :
		      "SVG file is well-formed");
		free(text);
		return failed;
	}
	fprintf(stderr, "usage: benchcheck unit | json FILE | svg FILE\n");
	return 2;
}
