// SPDX-License-Identifier: GPL-2.0
/*
 * A small JSON reader and writer for the OCI runtime: config.json and
 * process.json in, state and features out.  The reader builds a tree of
 * nodes; numbers keep their integer value exactly (rlimits and seccomp
 * arguments are 64-bit), strings are decoded to UTF-8.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "oci.h"
#include "umvm.h"

struct reader {
	const char *p, *start;
	char *err;
	size_t errlen;
	int depth;
};

static int fail(struct reader *r, const char *what)
{
	if (!r->err[0])
		snprintf(r->err, r->errlen, "%s at byte %ld", what,
			 (long)(r->p - r->start));
	return -1;
}

static void skip_ws(struct reader *r)
{
	while (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')
		r->p++;
}

static struct json *node(enum json_type type)
{
	struct json *j = calloc(1, sizeof(*j));

	if (!j)
		die(EXIT_SETUP, "out of memory");
	j->type = type;
	return j;
}

static int hex4(const char *p, unsigned int *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			*v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			*v |= c - 'A' + 10;
		else
			return -1;
	}
	return 0;
}

static char *utf8(char *o, unsigned int c)
{
	if (c < 0x80) {
		*o++ = c;
	} else if (c < 0x800) {
		*o++ = 0xc0 | (c >> 6);
		*o++ = 0x80 | (c & 0x3f);
	} else if (c < 0x10000) {
		*o++ = 0xe0 | (c >> 12);
		*o++ = 0x80 | ((c >> 6) & 0x3f);
		*o++ = 0x80 | (c & 0x3f);
	} else {
		*o++ = 0xf0 | (c >> 18);
		*o++ = 0x80 | ((c >> 12) & 0x3f);
		*o++ = 0x80 | ((c >> 6) & 0x3f);
		*o++ = 0x80 | (c & 0x3f);
	}
	return o;
}

/* A string at r->p (after its opening quote); malloc'd, decoded. */
static char *read_string(struct reader *r)
{
	const char *end = r->p;
	char *s, *o;

	while (*end && *end != '"') {
		if (*end == '\\' && end[1])
			end++;
		end++;
	}
	if (!*end) {
		fail(r, "unterminated string");
		return NULL;
	}
	s = o = malloc(end - r->p + 1);
	if (!s)
		die(EXIT_SETUP, "out of memory");
	while (r->p < end) {
		unsigned char c = *r->p++;
		unsigned int u, lo;

		if (c < 0x20) {
			free(s);
			fail(r, "control character in string");
			return NULL;
		}
		if (c != '\\') {
			*o++ = c;
			continue;
		}
		c = *r->p++;
		switch (c) {
		case '"': case '\\': case '/':
			*o++ = c;
			break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u':
			if (hex4(r->p, &u) < 0)
				goto bad;
			r->p += 4;
			if (u >= 0xd800 && u < 0xdc00 && r->p[0] == '\\' &&
			    r->p[1] == 'u' && !hex4(r->p + 2, &lo) &&
			    lo >= 0xdc00 && lo < 0xe000) {
				u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
				r->p += 6;
			}
			if (!u)
				goto bad;	/* no NUL inside C strings */
			o = utf8(o, u);
			break;
		default:
			goto bad;
		}
	}
	*o = 0;
	r->p++;		/* the closing quote */
	return s;
bad:
	free(s);
	fail(r, "bad escape in string");
	return NULL;
}

static struct json *read_value(struct reader *r);

static struct json *read_number(struct reader *r)
{
	struct json *j = node(J_NUM);
	const char *p = r->p;
	unsigned long long v = 0;
	int digits = 0, overflow = 0;
	char *end;

	if (*p == '-') {
		j->neg = 1;
		p++;
	}
	while (*p >= '0' && *p <= '9') {
		unsigned long long nv = v * 10 + (*p - '0');

		if (nv / 10 != v)
			overflow = 1;
		v = nv;
		digits++;
		p++;
	}
	if (!digits) {
		free(j);
		fail(r, "bad number");
		return NULL;
	}
	j->u = v;
	j->is_int = !overflow && *p != '.' && *p != 'e' && *p != 'E';
	j->num = strtod(r->p, &end);
	r->p = j->is_int ? p : end;
	return j;
}

static int expect_word(struct reader *r, const char *w)
{
	size_t n = strlen(w);

	if (strncmp(r->p, w, n))
		return fail(r, "unexpected character");
	r->p += n;
	return 0;
}

static struct json *read_container(struct reader *r, int obj)
{
	struct json *j = node(obj ? J_OBJ : J_ARR), **tail = &j->child;
	char close = obj ? '}' : ']';

	if (++r->depth > 64) {
		fail(r, "nesting too deep");
		goto bad;
	}
	skip_ws(r);
	if (*r->p == close) {
		r->p++;
		r->depth--;
		return j;
	}
	for (;;) {
		char *key = NULL;
		struct json *v;

		skip_ws(r);
		if (obj) {
			if (*r->p != '"') {
				fail(r, "expected a member name");
				goto bad;
			}
			r->p++;
			key = read_string(r);
			if (!key)
				goto bad;
			skip_ws(r);
			if (*r->p != ':') {
				free(key);
				fail(r, "expected ':'");
				goto bad;
			}
			r->p++;
		}
		v = read_value(r);
		if (!v) {
			free(key);
			goto bad;
		}
		v->key = key;
		*tail = v;
		tail = &v->next;
		j->n++;
		skip_ws(r);
		if (*r->p == ',') {
			r->p++;
			continue;
		}
		if (*r->p == close) {
			r->p++;
			r->depth--;
			return j;
		}
		fail(r, obj ? "expected ',' or '}'" : "expected ',' or ']'");
		goto bad;
	}
bad:
	json_free(j);
	return NULL;
}

static struct json *read_value(struct reader *r)
{
	struct json *j;

	skip_ws(r);
	switch (*r->p) {
	case '{':
		r->p++;
		return read_container(r, 1);
	case '[':
		r->p++;
		return read_container(r, 0);
	case '"':
		r->p++;
		j = node(J_STR);
		j->str = read_string(r);
		if (!j->str) {
			free(j);
			return NULL;
		}
		return j;
	case 't':
	case 'f':
		j = node(J_BOOL);
		j->b = *r->p == 't';
		if (expect_word(r, j->b ? "true" : "false") < 0) {
			free(j);
			return NULL;
		}
		return j;
	case 'n':
		if (expect_word(r, "null") < 0)
			return NULL;
		return node(J_NULL);
	case 0:
		fail(r, "unexpected end of input");
		return NULL;
	default:
		if (*r->p == '-' || (*r->p >= '0' && *r->p <= '9'))
			return read_number(r);
		fail(r, "unexpected character");
		return NULL;
	}
}

struct json *json_parse(const char *text, char *err, size_t errlen)
{
	struct reader r = { text, text, err, errlen, 0 };
	struct json *j;

	err[0] = 0;
	j = read_value(&r);
	if (!j)
		return NULL;
	skip_ws(&r);
	if (*r.p) {
		fail(&r, "trailing characters");
		json_free(j);
		return NULL;
	}
	return j;
}

void json_free(struct json *j)
{
	while (j) {
		struct json *next = j->next;

		json_free(j->child);
		free(j->key);
		free(j->str);
		free(j);
		j = next;
	}
}

const struct json *json_get(const struct json *obj, const char *key)
{
	if (!obj || obj->type != J_OBJ)
		return NULL;
	for (const struct json *c = obj->child; c; c = c->next)
		if (!strcmp(c->key, key))
			return c;
	return NULL;
}

const char *json_str(const struct json *obj, const char *key)
{
	const struct json *j = json_get(obj, key);

	return j && j->type == J_STR ? j->str : NULL;
}

/* Writing. */

void sb_add(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		size_t room = b->cap - b->len;

		va_start(ap, fmt);
		n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? room : 0,
			      fmt, ap);
		va_end(ap);
		if (n < 0)
			return;
		if (b->s && (size_t)n < room) {
			b->len += n;
			return;
		}
		b->cap = (b->cap + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			die(EXIT_SETUP, "out of memory");
	}
}

void sb_json_str(struct sbuf *b, const char *s)
{
	sb_add(b, "\"");
	for (; s && *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			sb_add(b, "\\%c", c);
		else if (c == '\n')
			sb_add(b, "\\n");
		else if (c == '\t')
			sb_add(b, "\\t");
		else if (c < 0x20)
			sb_add(b, "\\u%04x", c);
		else
			sb_add(b, "%c", c);
	}
	sb_add(b, "\"");
}

void sb_json_value(struct sbuf *b, const struct json *j)
{
	const struct json *c;

	switch (j->type) {
	case J_NULL:
		sb_add(b, "null");
		break;
	case J_BOOL:
		sb_add(b, j->b ? "true" : "false");
		break;
	case J_NUM:
		if (j->is_int)
			sb_add(b, "%s%llu", j->neg ? "-" : "", j->u);
		else
			sb_add(b, "%.17g", j->num);
		break;
	case J_STR:
		sb_json_str(b, j->str);
		break;
	case J_ARR:
	case J_OBJ:
		sb_add(b, j->type == J_OBJ ? "{" : "[");
		for (c = j->child; c; c = c->next) {
			if (c != j->child)
				sb_add(b, ",");
			if (j->type == J_OBJ) {
				sb_json_str(b, c->key);
				sb_add(b, ":");
			}
			sb_json_value(b, c);
		}
		sb_add(b, j->type == J_OBJ ? "}" : "]");
		break;
	}
}
