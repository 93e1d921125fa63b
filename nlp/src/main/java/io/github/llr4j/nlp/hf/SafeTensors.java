package io.github.llr4j.nlp.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reader of the safetensors format (Hugging Face, github.com/huggingface/safetensors, format
 * described in its README): 8 bytes little-endian unsigned header length N; N bytes of UTF-8 JSON
 * mapping each tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets
 * relative to the byte after the header) plus an optional {@code __metadata__} object; then the
 * raw little-endian row-major data. Floating tensors (F32, F16, BF16, F64) are returned as float32;
 * integer tensors (e.g. a stored {@code position_ids} buffer) are skipped. Every inconsistency is an
 * {@link IllegalArgumentException} naming the file, the tensor, the byte offset and what was
 * expected: a header past the end; a shape or offset that is not a non-negative JSON integer; offsets
 * outside the data section; a byte length other than prod(shape) x the dtype's size; tensors that
 * overlap, leave a gap or do not reach the end of the file (the reference reader's layout rule);
 * an unknown dtype; and a non-finite weight (what bytes of another dtype usually decode to).
 */
public final class SafeTensors {
  private SafeTensors() {}

  /** A float tensor: shape and row-major values. */
  public record Tensor(long[] shape, float[] values) {
    public long size() {
      long n = 1;
      for (long d : shape) n *= d;
      return n;
    }
  }

  private static final long MAX_HEADER = 100L << 20;

  /** One header entry, checked against the data section. */
  private record Entry(String name, String dtype, long[] shape, long count, long begin, long end) {}

  /** The float tensors of {@code file}, in header order. */
  public static Map<String, Tensor> read(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long fileSize = ch.size();
      if (fileSize < 8) throw corrupt(file, 0, "an 8-byte header length, got a file of " + fileSize + " bytes");
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, len, 0, file);
      long n = len.flip().getLong();
      if (n <= 0 || n > MAX_HEADER || 8 + n > fileSize)
        throw corrupt(file, 0, "a header length in (0, " + Math.min(MAX_HEADER, fileSize - 8) + "], got " + Long.toUnsignedString(n));
      ByteBuffer hb = ByteBuffer.allocate((int) n);
      readFully(ch, hb, 8, file);
      JsonNode header;
      try {
        header = new ObjectMapper().readTree(new String(hb.array(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw corrupt(file, 8, "a JSON header of " + n + " bytes (" + e.getMessage().lines().findFirst().orElse("") + ")");
      }
      if (header == null || !header.isObject()) throw corrupt(file, 8, "a JSON object header");
      long dataStart = 8 + n;
      long dataSize = fileSize - dataStart;
      List<Entry> entries = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getKey().equals("__metadata__")) entries.add(entry(file, e.getKey(), e.getValue(), dataStart, dataSize));
      }
      checkLayout(file, entries, dataStart, dataSize);
      Map<String, Tensor> out = new LinkedHashMap<>();
      for (Entry e : entries) {
        if (!FLOATS.contains(e.dtype())) continue;
        if (e.count() > Integer.MAX_VALUE) throw corrupt(file, dataStart + e.begin(), "tensor '" + e.name() + "' under 2^31 values");
        ByteBuffer data = ByteBuffer.allocate((int) (e.end() - e.begin())).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, data, dataStart + e.begin(), file);
        data.flip();
        float[] v = new float[(int) e.count()];
        for (int i = 0; i < v.length; i++) {
          v[i] = switch (e.dtype()) {
            case "F32" -> data.getFloat();
            case "F64" -> (float) data.getDouble();
            case "F16" -> halfToFloat(data.getShort());
            default -> Float.intBitsToFloat((data.getShort() & 0xFFFF) << 16);
          };
          if (!Float.isFinite(v[i]))
            throw corrupt(file, dataStart + e.begin() + (long) i * width(e.dtype()), "finite values in tensor '" + e.name()
                + "' (" + e.dtype() + " " + Arrays.toString(e.shape()) + "), got " + v[i] + " at index " + i
                + " (bytes of another dtype, e.g. F32 data declared " + e.dtype() + ", read as such values)");
        }
        out.put(e.name(), new Tensor(e.shape(), v));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static final java.util.Set<String> FLOATS = java.util.Set.of("F32", "F16", "BF16", "F64");

  private static int width(String dtype) {
    return switch (dtype) {
      case "F32", "I32", "U32" -> 4;
      case "F16", "BF16", "I16", "U16" -> 2;
      case "F64", "I64", "U64" -> 8;
      case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2" -> 1;
      default -> -1;
    };
  }

  /** A JSON integer >= 0 (not 16.7, not "16"), else -1. */
  private static long whole(JsonNode v) {
    return v != null && v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= 0 ? v.asLong() : -1;
  }

  /** Reads and checks one header entry: dtype, integer shape, integer offsets inside the data, bytes = count x width. */
  private static Entry entry(Path file, String name, JsonNode t, long dataStart, long dataSize) {
    String dtype = t.path("dtype").asText("");
    JsonNode shapeNode = t.path("shape");
    JsonNode offs = t.path("data_offsets");
    if (!shapeNode.isArray() || !offs.isArray() || offs.size() != 2)
      throw corrupt(file, 8, "tensor '" + name + "' with a shape array and two data_offsets");
    long[] shape = new long[shapeNode.size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      shape[i] = whole(shapeNode.get(i));
      if (shape[i] < 0) throw corrupt(file, 8, "tensor '" + name + "' with non-negative integer dimensions, got " + shapeNode);
      try {
        count = Math.multiplyExact(count, shape[i]);
      } catch (ArithmeticException ex) {
        throw corrupt(file, 8, "tensor '" + name + "' with fewer than 2^63 values, got shape " + shapeNode);
      }
    }
    long begin = whole(offs.get(0)), end = whole(offs.get(1));
    if (begin < 0 || end < begin || end > dataSize)
      throw corrupt(file, dataStart + Math.max(0, begin), "tensor '" + name + "' data in [0, " + dataSize
          + "] of the data section, got offsets " + offs);
    int width = width(dtype);
    if (width < 0) throw corrupt(file, 8, "tensor '" + name + "' with a known dtype, got '" + dtype + "'");
    if (count > Long.MAX_VALUE / width || end - begin != count * width)
      throw corrupt(file, dataStart + begin, "tensor '" + name + "' of " + (count > Long.MAX_VALUE / width ? "?" : count * width)
          + " bytes (" + dtype + " " + Arrays.toString(shape) + " = prod(shape) x " + width + " bytes), got " + (end - begin));
    return new Entry(name, dtype, shape, count, begin, end);
  }

  /**
   * The tensors tile the data section exactly, as the reference reader requires: sorted by offset,
   * each starts where the previous one ends (no overlap, no gap) and the last ends at the end of
   * the file.
   */
  private static void checkLayout(Path file, List<Entry> entries, long dataStart, long dataSize) {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long at = 0;
    Entry previous = null;
    for (Entry e : sorted) {
      if (e.begin() < at)
        throw corrupt(file, dataStart + e.begin(), "tensors that do not overlap, got tensor '" + e.name() + "' at ["
            + e.begin() + ", " + e.end() + ") inside tensor '" + previous.name() + "' at [" + previous.begin() + ", "
            + previous.end() + ")");
      if (e.begin() > at)
        throw corrupt(file, dataStart + at, "tensor '" + e.name() + "' to start at data offset " + at + (previous == null
            ? "" : " where tensor '" + previous.name() + "' ends") + ", got " + e.begin() + " (a gap of "
            + (e.begin() - at) + " bytes)");
      at = e.end();
      previous = e;
    }
    if (at != dataSize)
      throw corrupt(file, dataStart + at, (dataSize - at) + " fewer bytes: the tensors end at data offset " + at
          + (previous == null ? "" : " (tensor '" + previous.name() + "')") + " but the data section has " + dataSize);
  }

  /** IEEE 754 binary16 to float32 (exact: every half value is a float value). */
  static float halfToFloat(short h) {
    int sign = (h >>> 15) & 1;
    int exp = (h >>> 10) & 0x1F;
    int mant = h & 0x3FF;
    float v;
    if (exp == 0) v = mant * 0x1p-24f;
    else if (exp == 31) v = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
    else v = Float.intBitsToFloat(((exp - 15 + 127) << 23) | (mant << 13));
    return sign == 1 ? -v : v;
  }

  /**
   * Writes {@code tensors} as F32 in the format {@link #read} reads (header padded with spaces to a
   * multiple of 8 bytes, as the reference writer does), e.g. to export encoder weights.
   */
  public static void write(Path file, Map<String, Tensor> tensors) {
    Map<String, Object> header = new LinkedHashMap<>();
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      long bytes = 4L * e.getValue().values().length;
      if (e.getValue().size() != e.getValue().values().length)
        throw new IllegalArgumentException("tensor '" + e.getKey() + "' must have " + e.getValue().size()
            + " values for shape " + Arrays.toString(e.getValue().shape()) + ", got " + e.getValue().values().length);
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("dtype", "F32");
      t.put("shape", e.getValue().shape());
      t.put("data_offsets", new long[] {offset, offset + bytes});
      header.put(e.getKey(), t);
      offset += bytes;
    }
    try {
      StringBuilder json = new StringBuilder(new ObjectMapper().writeValueAsString(header));
      while (json.length() % 8 != 0) json.append(' ');
      byte[] h = json.toString().getBytes(StandardCharsets.UTF_8);
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer head = ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(h.length).put(h).flip();
        while (head.hasRemaining()) ch.write(head);
        for (Tensor t : tensors.values()) {
          ByteBuffer b = ByteBuffer.allocate(4 * t.values().length).order(ByteOrder.LITTLE_ENDIAN);
          for (float v : t.values()) b.putFloat(v);
          b.flip();
          while (b.hasRemaining()) ch.write(b);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long at, Path file) throws IOException {
    long pos = at;
    while (b.hasRemaining()) {
      int r = ch.read(b, pos);
      if (r < 0) throw corrupt(file, pos, (b.remaining()) + " more bytes, got the end of the file");
      pos += r;
    }
  }

  private static IllegalArgumentException corrupt(Path file, long offset, String expected) {
    return new IllegalArgumentException("safetensors file " + file + " is corrupt at byte offset " + offset
        + ": expected " + expected);
  }
}
