package io.github.llr4j.nlp.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Protocol-buffer wire format (https://protobuf.dev/programming-guides/encoding/) read field by
 * field from a byte buffer: tags ({@code field << 3 | wire type}), base-128 varints, 64- and 32-bit
 * little-endian values and length-delimited payloads (strings, bytes, sub-messages, packed
 * repeated numbers). Every error names the source and the absolute byte offset.
 */
final class ProtoReader {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH = 2;
  static final int FIXED32 = 5;

  private final ByteBuffer buf;
  private final String source;
  private final long base;
  private int field;
  private int wire;

  /** Reads {@code buf} from its position to its limit; {@code base} is the file offset of position 0. */
  ProtoReader(ByteBuffer buf, String source, long base) {
    this.buf = buf.slice().order(ByteOrder.LITTLE_ENDIAN);
    this.source = source;
    this.base = base;
  }

  /** Advances to the next field; false at the end of the message. */
  boolean next() {
    if (!buf.hasRemaining()) return false;
    long tag = varint();
    field = (int) (tag >>> 3);
    wire = (int) (tag & 7);
    if (field == 0) throw error("a field number >= 1 in the tag");
    if (wire != VARINT && wire != FIXED64 && wire != LENGTH && wire != FIXED32)
      throw error("wire type 0, 1, 2 or 5 for field " + field + " (got " + wire + ")");
    return true;
  }

  int field() {
    return field;
  }

  int wire() {
    return wire;
  }

  long offset() {
    return base + buf.position();
  }

  long varint() {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!buf.hasRemaining()) throw error("a varint byte before the end of the message");
      int b = buf.get() & 0xFF;
      result |= (long) (b & 0x7F) << shift;
      if (b < 0x80) return result;
    }
    throw error("a varint of at most 10 bytes");
  }

  float fixed32Float() {
    need(4);
    return buf.getFloat();
  }

  long fixed64() {
    need(8);
    return buf.getLong();
  }

  /** The payload of a length-delimited field as its own reader (a sub-message). */
  ProtoReader message() {
    long at = offset();
    ByteBuffer b = bytes();
    return new ProtoReader(b, source, at);
  }

  /** The payload of a length-delimited field, little-endian, not copied. */
  ByteBuffer bytes() {
    expect(LENGTH);
    long n = varint();
    if (n < 0 || n > buf.remaining())
      throw error("a length of at most " + buf.remaining() + " bytes for field " + field + " (got " + n + ")");
    ByteBuffer b = buf.slice(buf.position(), (int) n).order(ByteOrder.LITTLE_ENDIAN);
    buf.position(buf.position() + (int) n);
    return b;
  }

  String string() {
    ByteBuffer b = bytes();
    byte[] a = new byte[b.remaining()];
    b.get(a);
    return new String(a, StandardCharsets.UTF_8);
  }

  /** A repeated int64 field, one element (unpacked) or a packed run, appended to {@code out}. */
  void int64s(LongList out) {
    if (wire == VARINT) {
      out.add(varint());
      return;
    }
    ProtoReader p = message();
    while (p.buf.hasRemaining()) out.add(p.varint());
  }

  /** A repeated float field, one element or a packed run, appended to {@code out}. */
  void floats(FloatList out) {
    if (wire == FIXED32) {
      out.add(fixed32Float());
      return;
    }
    ByteBuffer b = bytes();
    if (b.remaining() % 4 != 0) throw error("packed floats of a multiple of 4 bytes (got " + b.remaining() + ")");
    while (b.hasRemaining()) out.add(b.getFloat());
  }

  void skip() {
    switch (wire) {
      case VARINT -> varint();
      case FIXED64 -> fixed64();
      case FIXED32 -> { need(4); buf.position(buf.position() + 4); }
      default -> bytes();
    }
  }

  private void expect(int w) {
    if (wire != w) throw error("wire type " + w + " for field " + field + " (got " + wire + ")");
  }

  private void need(int n) {
    if (buf.remaining() < n) throw error(n + " more bytes for field " + field + " (got " + buf.remaining() + ")");
  }

  IllegalArgumentException error(String expected) {
    return new IllegalArgumentException("ONNX file " + source + " at byte offset " + offset() + " must have "
        + expected + "; the file is corrupt or not an ONNX model");
  }

  /** A growable long array (int64 fields without boxing). */
  static final class LongList {
    private long[] a = new long[8];
    private int n;

    void add(long v) {
      if (n == a.length) a = java.util.Arrays.copyOf(a, n * 2);
      a[n++] = v;
    }

    long[] toArray() {
      return java.util.Arrays.copyOf(a, n);
    }
  }

  /** A growable float array. */
  static final class FloatList {
    private float[] a = new float[16];
    private int n;

    void add(float v) {
      if (n == a.length) a = java.util.Arrays.copyOf(a, n * 2);
      a[n++] = v;
    }

    int size() {
      return n;
    }

    float[] toArray() {
      return java.util.Arrays.copyOf(a, n);
    }
  }
}
