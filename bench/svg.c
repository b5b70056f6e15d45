// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark chart: one horizontal bar per measured row, grouped by
 * section and workload, length = ratio to native on a log scale.
 * Plain SVG written by hand; n/a rows are listed with their reason.
 */
#include <math.h>
#include <string.h>
#include "bench.h"

#define W		960
#define LABEL_W		420
#define BAR_X		(LABEL_W + 10)
#define BAR_W		(W - BAR_X - 70)
#define ROW_H		18
#define TOP		60

static void xml_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default:
			if ((unsigned char)*s >= 0x20)
				fputc(*s, f);
		}
	}
}

static int charted(const struct brow *w)
{
	return strcmp(w->section, "placement") != 0;
}

static double xpos(double ratio, double lo, double hi)
{
	return BAR_X + BAR_W * (log10(ratio) - log10(lo)) /
		       (log10(hi) - log10(lo));
}

void report_svg(FILE *f, const struct report *r)
{
	double lo = 1, hi = 10;
	int lines = 0, y;
	const char *group_s = "", *group_w = "";

	for (int i = 0; i < r->n; i++) {
		const struct brow *w = &r->rows[i];
		double x = report_ratio(r, w);

		if (!charted(w))
			continue;
		if (strcmp(w->section, group_s) || strcmp(w->workload, group_w))
			lines++;
		group_s = w->section;
		group_w = w->workload;
		lines++;
		if (x > 0 && x < lo)
			lo = x;
		if (x > hi)
			hi = x;
	}
	lo = pow(10, floor(log10(lo)));
	hi = pow(10, ceil(log10(hi)));
	y = TOP + lines * ROW_H + 30;
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		"height=\"%d\" viewBox=\"0 0 %d %d\" "
		"font-family=\"sans-serif\" font-size=\"12\">\n"
		"<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n"
		"<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"bold\">"
		"umvm bench: time per call or run, ratio to native "
		"(log scale)</text>\n<text x=\"10\" y=\"38\">",
		W, y, W, y, W, y);
	xml_text(f, r->machine);
	fprintf(f, "</text>\n");
	/* Grid: one line per power of ten. */
	for (double g = lo; g <= hi * 1.001; g *= 10) {
		double gx = xpos(g, lo, hi);

		fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
			"stroke=\"#ccc\"/>\n<text x=\"%.1f\" y=\"%d\" "
			"text-anchor=\"middle\" fill=\"#555\">%gx</text>\n",
			gx, TOP - 8, gx, y - 24, gx, y - 10, g);
	}
	group_s = group_w = "";
	y = TOP;
	for (int i = 0; i < r->n; i++) {
		const struct brow *w = &r->rows[i];
		double x = report_ratio(r, w);

		if (!charted(w))
			continue;
		if (strcmp(w->section, group_s) || strcmp(w->workload, group_w)) {
			fprintf(f, "<text x=\"10\" y=\"%d\" font-weight=\"bold\">",
				y + 13);
			xml_text(f, w->section);
			fprintf(f, ": ");
			xml_text(f, w->workload);
			fprintf(f, "</text>\n");
			y += ROW_H;
		}
		group_s = w->section;
		group_w = w->workload;
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
			LABEL_W, y + 13);
		xml_text(f, w->runner);
		if (w->variant[0]) {
			fprintf(f, ", ");
			xml_text(f, w->variant);
		}
		fprintf(f, "</text>\n");
		if (x > 0) {
			double bx = xpos(x, lo, hi);

			fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" "
				"height=\"%d\" fill=\"%s\"/>\n"
				"<text x=\"%.1f\" y=\"%d\">%.*fx</text>\n",
				BAR_X, y + 3, bx - BAR_X > 1 ? bx - BAR_X : 1,
				ROW_H - 6,
				!strcmp(w->runner, "native") ? "#888" :
				!strcmp(w->section, "umvm") ? "#d62" : "#48c",
				(bx > BAR_X ? bx : BAR_X) + 4, y + 13,
				x < 10 ? 2 : x < 100 ? 1 : 0, x);
		} else {
			char na[80];

			/* The full reason is in the tables; keep it short. */
			snprintf(na, sizeof(na), "%.79s",
				 w->na[0] ? w->na : "no native figure");
			if (strlen(w->na) >= sizeof(na))
				memcpy(na + sizeof(na) - 4, "...", 4);
			fprintf(f, "<text x=\"%d\" y=\"%d\" fill=\"#a00\">n/a: ",
				BAR_X, y + 13);
			xml_text(f, na);
			fprintf(f, "</text>\n");
		}
		y += ROW_H;
	}
	fprintf(f, "</svg>\n");
}
