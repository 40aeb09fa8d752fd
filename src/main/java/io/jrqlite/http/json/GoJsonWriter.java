package io.jrqlite.http.json;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A streaming JSON writer whose output is byte-identical to Go's {@code encoding/json}: {@code json.Marshal}
 * when compact, {@code json.MarshalIndent(v, "", "    ")} when pretty.
 *
 * <p>Strings are escaped as Go ≥ 1.22 does: {@code \" \\ \n \r \t \b \f}; other bytes below 0x20 as
 * {@code &#92;u00xx} (lower-case hex); {@code < > &} as {@code &#92;u003c &#92;u003e &#92;u0026}; U+2028/U+2029 as
 * {@code &#92;u2028}/{@code &#92;u2029}; everything else raw UTF-8 ({@code /} unescaped, characters outside the BMP as
 * four UTF-8 bytes). An invalid UTF-8 byte given to {@link #textUtf8} and an unpaired surrogate in a Java
 * string each become the six characters {@code &#92;ufffd}.
 *
 * <p>Pretty output: every array element and object member on its own line indented by four spaces per level,
 * {@code "key": value}, and empty arrays/objects as {@code []}/{@code {}}.
 *
 * <p>The writer fills a growable byte array; it does not validate the call sequence beyond what is needed
 * to place commas. Not thread-safe.
 */
public final class GoJsonWriter {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] BASE64 =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] LONG_MIN = "-9223372036854775808".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * For each ASCII byte: 0 = write as is, 'u' = write as &#92;u00xx, otherwise the letter after the backslash.
     */
    private static final byte[] ASCII_ESCAPE = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ASCII_ESCAPE[c] = 'u';
        }
        ASCII_ESCAPE['"'] = '"';
        ASCII_ESCAPE['\\'] = '\\';
        ASCII_ESCAPE['\n'] = 'n';
        ASCII_ESCAPE['\r'] = 'r';
        ASCII_ESCAPE['\t'] = 't';
        ASCII_ESCAPE['\b'] = 'b';
        ASCII_ESCAPE['\f'] = 'f';
        ASCII_ESCAPE['<'] = 'u';
        ASCII_ESCAPE['>'] = 'u';
        ASCII_ESCAPE['&'] = 'u';
    }

    private final boolean pretty;
    private byte[] buf;
    private int len;

    /** Nesting depth; level 0 is the top level. */
    private int depth;
    /** hasItems[d]: the container at depth d already holds an element or member. */
    private boolean[] hasItems = new boolean[16];
    /** A name was just written: the next value belongs to it. */
    private boolean afterName;

    public GoJsonWriter(boolean pretty) {
        this(pretty, 256);
    }

    public GoJsonWriter(boolean pretty, int initialCapacity) {
        this.pretty = pretty;
        this.buf = new byte[Math.max(16, initialCapacity)];
    }

    public boolean isPretty() {
        return pretty;
    }

    /** Number of bytes written so far. */
    public int size() {
        return len;
    }

    /** A copy of the bytes written so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** Writes the bytes written so far to {@code out}. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
    }

    /** Forgets everything written so the writer can be reused (keeps its buffer). */
    public void reset() {
        len = 0;
        depth = 0;
        afterName = false;
        hasItems[0] = false;
    }

    // ---- structure ----

    public GoJsonWriter beginObject() {
        beforeValue();
        writeByte('{');
        push();
        return this;
    }

    public GoJsonWriter endObject() {
        pop('}');
        return this;
    }

    public GoJsonWriter beginArray() {
        beforeValue();
        writeByte('[');
        push();
        return this;
    }

    public GoJsonWriter endArray() {
        pop(']');
        return this;
    }

    /** Writes an object member name; the next call writes its value. */
    public GoJsonWriter name(String name) {
        separate();
        writeString(name, false);
        if (pretty) {
            ensure(2);
            buf[len++] = ':';
            buf[len++] = ' ';
        } else {
            writeByte(':');
        }
        afterName = true;
        return this;
    }

    // ---- values ----

    public GoJsonWriter value(String s) {
        if (s == null) {
            return nullValue();
        }
        beforeValue();
        writeString(s, false);
        return this;
    }

    public GoJsonWriter value(long v) {
        beforeValue();
        writeLong(v);
        return this;
    }

    /** An unsigned 64-bit integer (Go uint64). */
    public GoJsonWriter valueUnsigned(long v) {
        if (v >= 0) {
            return value(v);
        }
        beforeValue();
        writeAscii(Long.toUnsignedString(v));
        return this;
    }

    /** A float64 as Go encodes it; NaN and ±Inf become {@code null} (see {@link GoFloat}). */
    public GoJsonWriter value(double v) {
        beforeValue();
        if (v == (long) v && Math.abs(v) < 1e15 && !(v == 0 && Double.doubleToRawLongBits(v) < 0)) {
            writeLong((long) v); // whole numbers print the same either way; skips the digit search
        } else {
            writeAscii(GoFloat.format(v));
        }
        return this;
    }

    public GoJsonWriter value(boolean v) {
        beforeValue();
        writeBytes(v ? TRUE : FALSE);
        return this;
    }

    public GoJsonWriter nullValue() {
        beforeValue();
        writeBytes(NULL);
        return this;
    }

    /** A JSON string from raw, possibly invalid, UTF-8 bytes (each invalid byte becomes {@code &#92;ufffd}). */
    public GoJsonWriter textUtf8(byte[] raw) {
        return textUtf8(raw, 0, raw.length);
    }

    /** A JSON string from {@code raw[off, off+n)}, possibly invalid UTF-8. */
    public GoJsonWriter textUtf8(byte[] raw, int off, int n) {
        beforeValue();
        writeUtf8String(raw, off, n);
        return this;
    }

    /** Bytes as Go encodes a {@code []byte}: a string of standard base64 with padding. */
    public GoJsonWriter base64(byte[] data, int off, int n) {
        beforeValue();
        ensure(2 + (n + 2) / 3 * 4);
        byte[] b = buf;
        int p = len;
        b[p++] = '"';
        int end = off + n;
        int i = off;
        for (; i + 2 < end; i += 3) {
            int v = (data[i] & 0xff) << 16 | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff);
            b[p++] = BASE64[v >>> 18];
            b[p++] = BASE64[(v >>> 12) & 63];
            b[p++] = BASE64[(v >>> 6) & 63];
            b[p++] = BASE64[v & 63];
        }
        int rest = end - i;
        if (rest == 1) {
            int v = (data[i] & 0xff) << 16;
            b[p++] = BASE64[v >>> 18];
            b[p++] = BASE64[(v >>> 12) & 63];
            b[p++] = '=';
            b[p++] = '=';
        } else if (rest == 2) {
            int v = (data[i] & 0xff) << 16 | (data[i + 1] & 0xff) << 8;
            b[p++] = BASE64[v >>> 18];
            b[p++] = BASE64[(v >>> 12) & 63];
            b[p++] = BASE64[(v >>> 6) & 63];
            b[p++] = '=';
        }
        b[p++] = '"';
        len = p;
        return this;
    }

    public GoJsonWriter base64(byte[] data) {
        return base64(data, 0, data.length);
    }

    /**
     * Already-encoded JSON written verbatim as one value. The caller guarantees it is valid, Go-shaped JSON
     * (in pretty mode it must be a scalar or an empty container, as it is not re-indented).
     */
    public GoJsonWriter rawJson(byte[] json) {
        beforeValue();
        writeBytes(json);
        return this;
    }

    // ---- package-private helpers for TreeJson's expvar layout ----

    /** Appends ASCII text verbatim, outside the value bookkeeping. */
    void rawAscii(String s) {
        writeAscii(s);
    }

    /** A string quoted as Go's expvar does it ({@code \b} and {@code \f} as {@code &#92;u0008}/{@code &#92;u000c}). */
    void expvarString(String s) {
        writeString(s, true);
    }

    // ---- internals ----

    private void push() {
        depth++;
        if (depth == hasItems.length) {
            hasItems = Arrays.copyOf(hasItems, depth * 2);
        }
        hasItems[depth] = false;
    }

    private void pop(char close) {
        if (depth == 0) {
            throw new IllegalStateException("no open container");
        }
        boolean had = hasItems[depth];
        depth--;
        if (pretty && had) {
            newlineIndent(depth);
        }
        writeByte(close);
        afterName = false;
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth > 0) {
            separate();
        }
    }

    /** Comma (if needed) and, when pretty, the newline and indent before an element or member. */
    private void separate() {
        if (hasItems[depth]) {
            writeByte(',');
        } else {
            hasItems[depth] = true;
        }
        if (pretty) {
            newlineIndent(depth);
        }
    }

    private void newlineIndent(int level) {
        int n = 1 + 4 * level;
        ensure(n);
        buf[len] = '\n';
        Arrays.fill(buf, len + 1, len + n, (byte) ' ');
        len += n;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            grow(len + extra);
        }
    }

    private void grow(int min) {
        long cap = Math.max((long) buf.length * 2, min);
        if (cap > Integer.MAX_VALUE - 16) {
            if (min > Integer.MAX_VALUE - 16) {
                throw new OutOfMemoryError("JSON output too large");
            }
            cap = Integer.MAX_VALUE - 16;
        }
        buf = Arrays.copyOf(buf, (int) cap);
    }

    private void writeByte(int b) {
        if (len == buf.length) {
            grow(len + 1);
        }
        buf[len++] = (byte) b;
    }

    private void writeBytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void writeAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void writeLong(long v) {
        if (v == Long.MIN_VALUE) {
            writeBytes(LONG_MIN);
            return;
        }
        ensure(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int p = len + digits;
        len = p;
        do {
            buf[--p] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        } while (v != 0);
    }

    private int escapeU(byte[] b, int p, int c) {
        b[p++] = '\\';
        b[p++] = 'u';
        b[p++] = HEX[(c >> 12) & 0xf];
        b[p++] = HEX[(c >> 8) & 0xf];
        b[p++] = HEX[(c >> 4) & 0xf];
        b[p++] = HEX[c & 0xf];
        return p;
    }

    /** Writes a quoted Java string. Each loop step needs at most 6 bytes of room. */
    private void writeString(String s, boolean expvar) {
        int n = s.length();
        ensure(n + 2);
        byte[] b = buf;
        int p = len;
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            if (p + 8 > b.length) {
                len = p;
                grow(p + 8 + (n - i));
                b = buf;
            }
            char c = s.charAt(i);
            if (c < 0x80) {
                byte esc = ASCII_ESCAPE[c];
                if (esc == 0) {
                    b[p++] = (byte) c;
                } else if (esc == 'u' || (expvar && (esc == 'b' || esc == 'f'))) {
                    p = escapeU(b, p, c);
                } else {
                    b[p++] = '\\';
                    b[p++] = esc;
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xc0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    b[p++] = (byte) (0xf0 | (cp >> 18));
                    b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                    b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                    b[p++] = (byte) (0x80 | (cp & 0x3f));
                } else if (expvar) {
                    // expvar ranges over the string: the bad bytes become U+FFFD written raw
                    b[p++] = (byte) 0xef;
                    b[p++] = (byte) 0xbf;
                    b[p++] = (byte) 0xbd;
                } else {
                    p = escapeU(b, p, 0xfffd);
                }
            } else if (c == 0x2028 || c == 0x2029) {
                p = escapeU(b, p, c);
            } else {
                b[p++] = (byte) (0xe0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                b[p++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        if (p == b.length) {
            len = p;
            grow(p + 1);
            b = buf;
        }
        b[p++] = '"';
        len = p;
    }

    /**
     * Writes a quoted string from raw bytes, decoding UTF-8 as Go's {@code utf8.DecodeRune} does: a byte that
     * does not start a valid, shortest-form, non-surrogate sequence is one error and becomes {@code &#92;ufffd}.
     */
    private void writeUtf8String(byte[] s, int off, int n) {
        ensure(n + 2);
        byte[] b = buf;
        int p = len;
        b[p++] = '"';
        int i = off;
        int end = off + n;
        while (i < end) {
            if (p + 8 > b.length) {
                len = p;
                grow(p + 8 + (end - i));
                b = buf;
            }
            int c = s[i];
            if (c >= 0) {
                byte esc = ASCII_ESCAPE[c];
                if (esc == 0) {
                    b[p++] = (byte) c;
                } else if (esc == 'u') {
                    p = escapeU(b, p, c);
                } else {
                    b[p++] = '\\';
                    b[p++] = esc;
                }
                i++;
                continue;
            }
            int size = utf8SequenceLength(s, i, end);
            if (size == 0) {
                p = escapeU(b, p, 0xfffd);
                i++;
            } else if (size == 3 && (s[i] & 0xff) == 0xe2 && (s[i + 1] & 0xff) == 0x80
                    && ((s[i + 2] & 0xff) == 0xa8 || (s[i + 2] & 0xff) == 0xa9)) {
                p = escapeU(b, p, (s[i + 2] & 0xff) == 0xa8 ? 0x2028 : 0x2029);
                i += 3;
            } else {
                for (int k = 0; k < size; k++) {
                    b[p++] = s[i++];
                }
            }
        }
        if (p == b.length) {
            len = p;
            grow(p + 1);
            b = buf;
        }
        b[p++] = '"';
        len = p;
    }

    /** Length of the valid UTF-8 sequence starting with the non-ASCII byte at s[i], or 0 if invalid. */
    static int utf8SequenceLength(byte[] s, int i, int end) {
        int b0 = s[i] & 0xff;
        if (b0 < 0xc2 || b0 > 0xf4) {
            return 0;
        }
        if (b0 < 0xe0) {
            return (i + 1 < end && isCont(s[i + 1])) ? 2 : 0;
        }
        if (i + 1 >= end) {
            return 0;
        }
        int b1 = s[i + 1] & 0xff;
        int lo = 0x80;
        int hi = 0xbf;
        if (b0 == 0xe0) {
            lo = 0xa0;
        } else if (b0 == 0xed) {
            hi = 0x9f;
        } else if (b0 == 0xf0) {
            lo = 0x90;
        } else if (b0 == 0xf4) {
            hi = 0x8f;
        }
        if (b1 < lo || b1 > hi) {
            return 0;
        }
        if (b0 < 0xf0) {
            return (i + 2 < end && isCont(s[i + 2])) ? 3 : 0;
        }
        return (i + 3 < end && isCont(s[i + 2]) && isCont(s[i + 3])) ? 4 : 0;
    }

    private static boolean isCont(byte b) {
        return (b & 0xc0) == 0x80;
    }
}
