package io.github.llr4j.nlp.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX {@code ModelProto} (onnx/onnx.proto, IR version 3 and later) that weight
 * import needs: the graph's nodes, initializers, input and output names, and the opset version of
 * the default domain. Initializers may hold their values in {@code raw_data} (little-endian), in
 * {@code float_data}/{@code int64_data}/{@code int32_data}, or in an external file beside the model
 * ({@code data_location = EXTERNAL}, keys {@code location}, {@code offset}, {@code length}).
 * Sparse initializers, sub-graphs and training info are not read.
 *
 * @param source file name for messages
 * @param opset version of the default ("" or "ai.onnx") operator set, 0 when not declared
 * @param nodes graph nodes in file order (topological in a valid model)
 * @param initializers by name, in file order
 * @param inputs graph input names
 * @param outputs graph output names
 */
public record OnnxModel(String source, long opset, List<OnnxNode> nodes, Map<String, OnnxTensor> initializers,
    List<String> inputs, List<String> outputs) {

  /** Reads {@code file} (memory-mapped; at most 2 GiB, larger weights must be external data). */
  public static OnnxModel read(Path file) {
    if (!Files.isRegularFile(file)) throw new IllegalArgumentException("ONNX file must exist, got " + file);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > Integer.MAX_VALUE)
        throw new IllegalArgumentException("ONNX file " + file + " must be below 2 GiB (protobuf's limit; keep larger"
            + " weights as external data), got " + size + " bytes");
      ByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
      return parse(b, file.toString(), file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new IllegalArgumentException("ONNX file " + file + " must be readable: " + e.getMessage(), e);
    }
  }

  /** Parses a model held in memory; {@code dir} resolves external data (null: none allowed). */
  public static OnnxModel parse(ByteBuffer bytes, String source, Path dir) {
    ProtoReader r = new ProtoReader(bytes, source, 0);
    ProtoReader graph = null;
    long opset = 0;
    boolean sawIr = false;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> { r.varint(); sawIr = true; }
        case 7 -> graph = r.message();
        case 8 -> {
          ProtoReader o = r.message();
          String domain = "";
          long version = 0;
          while (o.next()) {
            if (o.field() == 1) domain = o.string();
            else if (o.field() == 2) version = o.varint();
            else o.skip();
          }
          if (domain.isEmpty() || domain.equals("ai.onnx")) opset = version;
        }
        default -> r.skip();
      }
    }
    if (graph == null || !sawIr)
      throw new IllegalArgumentException("ONNX file " + source + " must hold a ModelProto with ir_version (field 1)"
          + " and a graph (field 7); got " + (sawIr ? "no graph" : "no ir_version") + ": not an ONNX model");
    List<OnnxNode> nodes = new ArrayList<>();
    Map<String, OnnxTensor> inits = new LinkedHashMap<>();
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    while (graph.next()) {
      switch (graph.field()) {
        case 1 -> nodes.add(node(graph.message(), source, dir));
        case 5 -> {
          OnnxTensor t = tensor(graph.message(), source, dir);
          inits.put(t.name(), t);
        }
        case 11 -> inputs.add(valueName(graph.message()));
        case 12 -> outputs.add(valueName(graph.message()));
        default -> graph.skip();
      }
    }
    return new OnnxModel(source, opset, List.copyOf(nodes), java.util.Collections.unmodifiableMap(inits),
        List.copyOf(inputs), List.copyOf(outputs));
  }

  private static String valueName(ProtoReader v) {
    String name = "";
    while (v.next()) {
      if (v.field() == 1) name = v.string();
      else v.skip();
    }
    return name;
  }

  private static OnnxNode node(ProtoReader n, String source, Path dir) {
    String name = "", op = "", domain = "";
    List<String> in = new ArrayList<>(), out = new ArrayList<>();
    Map<String, Object> attrs = new LinkedHashMap<>();
    while (n.next()) {
      switch (n.field()) {
        case 1 -> in.add(n.string());
        case 2 -> out.add(n.string());
        case 3 -> name = n.string();
        case 4 -> op = n.string();
        case 5 -> attribute(n.message(), attrs, source, dir);
        case 7 -> domain = n.string();
        default -> n.skip();
      }
    }
    return new OnnxNode(name, op, domain, in, out, attrs);
  }

  private static void attribute(ProtoReader a, Map<String, Object> attrs, String source, Path dir) {
    String name = null;
    Object value = null;
    ProtoReader.LongList ints = new ProtoReader.LongList();
    boolean hasInts = false;
    while (a.next()) {
      switch (a.field()) {
        case 1 -> name = a.string();
        case 2 -> value = a.fixed32Float();
        case 3 -> value = a.varint();
        case 4 -> value = a.string();
        case 5 -> value = tensor(a.message(), source, dir);
        case 8 -> { a.int64s(ints); hasInts = true; }
        default -> a.skip();
      }
    }
    if (name != null) attrs.put(name, value != null ? value : hasInts ? ints.toArray() : "");
  }

  private static OnnxTensor tensor(ProtoReader t, String source, Path dir) {
    long start = t.offset();
    ProtoReader.LongList dims = new ProtoReader.LongList();
    ProtoReader.FloatList floatData = new ProtoReader.FloatList();
    ProtoReader.LongList intData = new ProtoReader.LongList();
    int type = 0;
    String name = "";
    ByteBuffer raw = null;
    boolean external = false;
    Map<String, String> ext = new LinkedHashMap<>();
    while (t.next()) {
      switch (t.field()) {
        case 1 -> t.int64s(dims);
        case 2 -> type = (int) t.varint();
        case 4 -> t.floats(floatData);
        case 5, 7 -> t.int64s(intData);
        case 8 -> name = t.string();
        case 9 -> raw = t.bytes();
        case 13 -> {
          ProtoReader e = t.message();
          String k = "", v = "";
          while (e.next()) {
            if (e.field() == 1) k = e.string();
            else if (e.field() == 2) v = e.string();
            else e.skip();
          }
          ext.put(k, v);
        }
        case 14 -> external = t.varint() == 1;
        default -> t.skip();
      }
    }
    long[] shape = dims.toArray();
    long count = 1;
    for (long d : shape) count *= d;
    if (external) raw = external(ext, name, source, dir);
    float[] floats = null;
    long[] longs = null;
    if (type == OnnxTensor.FLOAT) {
      if (raw != null) {
        check(raw.remaining() == count * 4, source, start, name, count * 4 + " bytes of FLOAT data", raw.remaining());
        floats = new float[(int) count];
        raw.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(floats);
      } else {
        floats = floatData.toArray();
        check(floats.length == count, source, start, name, count + " float_data values", floats.length);
      }
    } else if (type == OnnxTensor.INT64 || type == OnnxTensor.INT32) {
      int width = type == OnnxTensor.INT64 ? 8 : 4;
      if (raw != null) {
        check(raw.remaining() == count * width, source, start, name, count * width + " bytes of "
            + OnnxTensor.typeName(type) + " data", raw.remaining());
        longs = new long[(int) count];
        raw.order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) longs[i] = width == 8 ? raw.getLong() : raw.getInt();
      } else {
        longs = intData.toArray();
        check(longs.length == count, source, start, name, count + " integer values", longs.length);
      }
    }
    return new OnnxTensor(name, shape, type, floats, longs);
  }

  private static void check(boolean ok, String source, long offset, String name, String expected, long got) {
    if (!ok)
      throw new IllegalArgumentException("ONNX file " + source + ", tensor '" + name + "' at byte offset " + offset
          + " must have " + expected + " (its dims), got " + got);
  }

  private static ByteBuffer external(Map<String, String> ext, String name, String source, Path dir) {
    String location = ext.get("location");
    if (location == null || dir == null)
      throw new IllegalArgumentException("ONNX file " + source + ", tensor '" + name + "' must name its external data"
          + " file (key 'location') beside the model, got " + ext);
    Path f = dir.resolve(location).normalize();
    if (!f.startsWith(dir.normalize()))
      throw new IllegalArgumentException("external data of tensor '" + name + "' must lie in the model's folder "
          + dir + ", got " + location);
    long offset = Long.parseLong(ext.getOrDefault("offset", "0"));
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
      long length = ext.containsKey("length") ? Long.parseLong(ext.get("length")) : ch.size() - offset;
      if (offset < 0 || length < 0 || offset + length > ch.size() || length > Integer.MAX_VALUE)
        throw new IllegalArgumentException("external data file " + f + " must hold bytes [" + offset + ", "
            + (offset + length) + ") of tensor '" + name + "', got a file of " + ch.size() + " bytes");
      return ch.map(FileChannel.MapMode.READ_ONLY, offset, length).order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException e) {
      throw new IllegalArgumentException("external data file " + f + " of tensor '" + name + "' must be readable: "
          + e.getMessage(), e);
    }
  }

  /** The node producing {@code value}, by output name. */
  public Map<String, OnnxNode> producers() {
    Map<String, OnnxNode> m = new LinkedHashMap<>();
    for (OnnxNode n : nodes) for (String o : n.outputs()) m.put(o, n);
    return m;
  }

  /** The nodes reading each value, by value name. */
  public Map<String, List<OnnxNode>> consumers() {
    Map<String, List<OnnxNode>> m = new LinkedHashMap<>();
    for (OnnxNode n : nodes) for (String i : n.inputs()) m.computeIfAbsent(i, k -> new ArrayList<>()).add(n);
    return m;
  }
}
