// SPDX-License-Identifier: GPL-2.0
/*
 * The report as Markdown: the cost per call as one long table per
 * section (a row per measurement), the others as wide tables (runners
 * down, workloads across).  Each section is one entry of md_sections[].
 */
#include <string.h>
#include "bench.h"
#include "umvm.h"

/* A number of ns or ms, three significant digits at most. */
static void fmt_val(char *buf, size_t len, double v, const char *unit)
{
	if (!strcmp(unit, "ns") && v >= 10000)
		snprintf(buf, len, "%.1f us", v / 1000);
	else if (!strcmp(unit, "ms") && v >= 10000)
		snprintf(buf, len, "%.1f s", v / 1000);
	else
		snprintf(buf, len, "%.0f %s", v, unit);
}

/* Table cell text: '|' escaped, line breaks made spaces. */
static void md_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputs("\\|", f);
		else if (*s == '\n' || *s == '\r')
			fputc(' ', f);
		else
			fputc(*s, f);
	}
}

/* A cell and the bar after it. */
static void md_cell(FILE *f, const char *s)
{
	md_text(f, s);
	fprintf(f, " | ");
}

/* "n/a: why" for a row without a figure (1), else nothing (0). */
static int md_na(FILE *f, const struct brow *w)
{
	if (!w->na[0])
		return 0;
	fprintf(f, "n/a: ");
	md_text(f, w->na);
	return 1;
}

static void md_long(FILE *f, const struct report *r, const char *section)
{
	char med[32], lo[32], hi[32];

	fprintf(f, "| call | mechanism | variant | median | min - max | "
		"stops/call | x native | x minimal |\n"
		"| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
	for (int i = 0; i < r->n; i++) {
		const struct brow *w = &r->rows[i];
		double x = report_ratio(r, w);

		if (strcmp(w->section, section))
			continue;
		fprintf(f, "| ");
		md_cell(f, w->workload);
		md_cell(f, w->runner);
		md_cell(f, w->variant);
		if (md_na(f, w)) {
			fprintf(f, " | | | | |\n");
			continue;
		}
		fmt_val(med, sizeof(med), w->st.median, w->unit);
		fmt_val(lo, sizeof(lo), w->st.min, w->unit);
		fmt_val(hi, sizeof(hi), w->st.max, w->unit);
		fprintf(f, "%s | %s - %s | ", med, lo, hi);
		if (w->stops >= 0)
			fprintf(f, "%.2f", w->stops);
		fprintf(f, " | ");
		if (x > 0)
			fprintf(f, "%.1f", x);
		fprintf(f, " | ");
		if (w->ref > 0)
			fprintf(f, "%.2f", w->st.median / w->ref);
		fprintf(f, " |\n");
	}
}

/* Distinct values of a field, in order of first appearance. */
static int distinct(const struct report *r, const char *section, int col,
		    const char **out, int max)
{
	int n = 0;

	for (int i = 0; i < r->n; i++) {
		const struct brow *w = &r->rows[i];
		const char *v = col ? w->workload : w->runner;
		int seen = 0;

		if (strcmp(w->section, section))
			continue;
		for (int j = 0; j < n; j++)
			seen |= !strcmp(out[j], v);
		if (!seen && n < max)
			out[n++] = v;
	}
	return n;
}

static const struct brow *find(const struct report *r, const char *section,
			       const char *runner, const char *workload)
{
	for (int i = 0; i < r->n; i++) {
		const struct brow *w = &r->rows[i];

		if (!strcmp(w->section, section) &&
		    !strcmp(w->runner, runner) &&
		    !strcmp(w->workload, workload))
			return w;
	}
	return NULL;
}

/* Runners down, workloads across: "median (x native)" or n/a. */
static void md_wide(FILE *f, const struct report *r, const char *section)
{
	const char *runners[64], *works[16];
	int nr = distinct(r, section, 0, runners, 64);
	int nw = distinct(r, section, 1, works, 16);
	char med[32];

	fprintf(f, "| runner |");
	for (int j = 0; j < nw; j++)
		fprintf(f, " %s |", works[j]);
	fprintf(f, "\n| --- |");
	for (int j = 0; j < nw; j++)
		fprintf(f, " ---: |");
	fprintf(f, "\n");
	for (int i = 0; i < nr; i++) {
		fprintf(f, "| ");
		md_text(f, runners[i]);
		fprintf(f, " |");
		for (int j = 0; j < nw; j++) {
			const struct brow *w = find(r, section, runners[i],
						    works[j]);
			double x;

			if (!w) {
				fprintf(f, " |");
				continue;
			}
			fputc(' ', f);
			if (md_na(f, w)) {
				fprintf(f, " |");
				continue;
			}
			fmt_val(med, sizeof(med), w->st.median, w->unit);
			x = report_ratio(r, w);
			fprintf(f, "%s", med);
			if (x > 0 && strcmp(w->runner, "native"))
				fprintf(f, " (x%.2f)", x);
			fprintf(f, " |");
		}
		fprintf(f, "\n");
	}
}

static int has_section(const struct report *r, const char *section)
{
	for (int i = 0; i < r->n; i++)
		if (!strcmp(r->rows[i].section, section))
			return 1;
	return 0;
}

/* The sections after the mechanisms', each when it has rows. */
static const struct {
	const char *section;
	const char *heading;	/* and the text before the table */
	void (*table)(FILE *f, const struct report *r, const char *section);
} md_sections[] = {
	{ "umvm", "\n### umvm\n\n", md_long },
	{ "macro", "\n## Workloads: wall time per run\n\n"
	  "Wall time of the whole command, median of the runs (native after "
	  "a warm-up run); every run's output must match the native run's; "
	  "(xN) is the ratio to native.\n\n", md_wide },
	{ "placement", "\n## umvm CPU placement: wall time\n\n", md_wide },
	{ "uml", "\n## Inside UML: cost per guest operation\n\n"
	  "From scripts/bench-uml.sh: our UML in each syscall mode inside the "
	  "QEMU PTRACE_VM host, Debian's user-mode-linux on this host.\n\n",
	  md_wide },
};

void report_markdown(FILE *f, const struct report *r)
{
	fprintf(f, "# umvm bench\n\nMachine: ");
	md_text(f, r->machine);
	fprintf(f, "\n\n");
	/* umvm's rows are read beside the mechanisms': one heading. */
	if (has_section(r, "micro") || has_section(r, "umvm")) {
		fprintf(f, "## Syscall interception: cost per call\n\n"
			"%ld timed calls per run after a warm-up, median and "
			"range of %d runs; stops counted by the tracer, "
			"supervisor or handler.\n\n", r->calls, r->reps);
		md_long(f, r, "micro");
	}
	for (size_t i = 0; i < ARRAY_SIZE(md_sections); i++) {
		if (!has_section(r, md_sections[i].section))
			continue;
		fputs(md_sections[i].heading, f);
		md_sections[i].table(f, r, md_sections[i].section);
	}
}
