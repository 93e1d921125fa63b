package io.github.llr4j.nlp.hf;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A tiny random BERT in Hugging Face layout (PyTorch names, Linear weights [out, in]) written by
 * this test's own safetensors writer, and a plain-Java forward pass of it (double precision) as
 * the independent reference. Values are multiples of 2^-10 (exact in F16) or 2^-7 (exact in BF16)
 * so that the stored dtypes lose nothing.
 */
final class TinyBert {
  static final int V = 12, P = 8, T = 2, H = 4, HEADS = 2, L = 1, F = 8;

  record Tensor(String dtype, long[] shape, float[] values) {}

  final Map<String, Tensor> tensors = new LinkedHashMap<>();

  TinyBert(long seed) {
    Random r = new Random(seed);
    put("bert.embeddings.word_embeddings.weight", "F16", r, V, H);
    put("bert.embeddings.position_embeddings.weight", "F32", r, P, H);
    put("bert.embeddings.token_type_embeddings.weight", "F32", r, T, H);
    ln("bert.embeddings.LayerNorm", r);
    for (int l = 0; l < L; l++) {
      String p = "bert.encoder.layer." + l + ".";
      put(p + "attention.self.query.weight", "BF16", r, H, H);
      put(p + "attention.self.query.bias", "F32", r, H);
      put(p + "attention.self.key.weight", "F32", r, H, H);
      put(p + "attention.self.key.bias", "F32", r, H);
      put(p + "attention.self.value.weight", "F32", r, H, H);
      put(p + "attention.self.value.bias", "F32", r, H);
      put(p + "attention.output.dense.weight", "F32", r, H, H);
      put(p + "attention.output.dense.bias", "F32", r, H);
      ln(p + "attention.output.LayerNorm", r);
      put(p + "intermediate.dense.weight", "F32", r, F, H);
      put(p + "intermediate.dense.bias", "F32", r, F);
      put(p + "output.dense.weight", "F32", r, H, F);
      put(p + "output.dense.bias", "F32", r, H);
      ln(p + "output.LayerNorm", r);
    }
    put("bert.pooler.dense.weight", "F32", r, H, H);
    put("bert.pooler.dense.bias", "F32", r, H);
    put("cls.predictions.bias", "F32", r, V);  // a pretraining head the loader must ignore
  }

  private void ln(String name, Random r) {
    float[] g = new float[H], b = new float[H];
    for (int i = 0; i < H; i++) {
      g[i] = 1 + (r.nextInt(257) - 128) / 1024f;
      b[i] = (r.nextInt(257) - 128) / 1024f;
    }
    tensors.put(name + ".weight", new Tensor("F32", new long[] {H}, g));
    tensors.put(name + ".bias", new Tensor("F32", new long[] {H}, b));
  }

  private void put(String name, String dtype, Random r, int... shape) {
    int n = 1;
    long[] s = new long[shape.length];
    for (int i = 0; i < shape.length; i++) { n *= shape[i]; s[i] = shape[i]; }
    float[] v = new float[n];
    for (int i = 0; i < n; i++)
      v[i] = dtype.equals("BF16") ? (r.nextInt(201) - 100) / 128f : (r.nextInt(1601) - 800) / 1024f;
    tensors.put(name, new Tensor(dtype, s, v));
  }

  float[] get(String name) {
    return tensors.get(name).values();
  }

  void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("__metadata__", Map.of("format", "pt"));
    long offset = 0;
    List<byte[]> blobs = new java.util.ArrayList<>();
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      byte[] b = encode(e.getValue());
      header.put(e.getKey(), Map.of("dtype", e.getValue().dtype(), "shape", e.getValue().shape(),
          "data_offsets", new long[] {offset, offset + b.length}));
      offset += b.length;
      blobs.add(b);
    }
    byte[] json = new ObjectMapper().writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(8 + json.length + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(json.length).put(json);
    for (byte[] b : blobs) out.put(b);
    Files.write(dir.resolve("model.safetensors"), out.array());
    Files.writeString(dir.resolve("config.json"), "{\"architectures\": [\"BertForMaskedLM\"], \"hidden_act\": \"gelu\","
        + " \"vocab_size\": " + V + ", \"hidden_size\": " + H + ", \"num_hidden_layers\": " + L
        + ", \"num_attention_heads\": " + HEADS + ", \"intermediate_size\": " + F
        + ", \"max_position_embeddings\": " + P + ", \"type_vocab_size\": " + T
        + ", \"layer_norm_eps\": 1e-12, \"pad_token_id\": 0}");
  }

  private static byte[] encode(Tensor t) {
    int width = t.dtype().equals("F32") ? 4 : 2;
    ByteBuffer b = ByteBuffer.allocate(t.values().length * width).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : t.values()) {
      int bits = Float.floatToIntBits(v);
      switch (t.dtype()) {
        case "F32" -> b.putFloat(v);
        case "BF16" -> b.putShort((short) (bits >>> 16));
        default -> b.putShort(half(v));
      }
    }
    return b.array();
  }

  /** float -> binary16 for values exactly representable as normal halves or zero. */
  static short half(float v) {
    if (v == 0) return 0;
    int bits = Float.floatToIntBits(v);
    int sign = (bits >>> 31) << 15;
    int exp = ((bits >>> 23) & 0xFF) - 127 + 15;
    int mant = (bits & 0x7FFFFF) >>> 13;
    if (exp <= 0 || exp >= 31 || (bits & 0x1FFF) != 0) throw new IllegalArgumentException("not an exact half: " + v);
    return (short) (sign | (exp << 10) | mant);
  }

  // ---- plain-Java reference forward pass (double precision, PyTorch layout) ----

  /** Hidden states [S][H] of one sequence; ids equal to 0 are padding keys. */
  double[][] hidden(int[] ids) {
    int s = ids.length;
    double[][] x = new double[s][H];
    for (int p = 0; p < s; p++)
      for (int i = 0; i < H; i++)
        x[p][i] = get("bert.embeddings.word_embeddings.weight")[ids[p] * H + i]
            + get("bert.embeddings.position_embeddings.weight")[p * H + i]
            + get("bert.embeddings.token_type_embeddings.weight")[i];
    x = layerNorm(x, "bert.embeddings.LayerNorm");
    for (int l = 0; l < L; l++) {
      String pre = "bert.encoder.layer." + l + ".";
      double[][] q = linear(x, pre + "attention.self.query", H, H);
      double[][] k = linear(x, pre + "attention.self.key", H, H);
      double[][] v = linear(x, pre + "attention.self.value", H, H);
      int d = H / HEADS;
      double[][] ctx = new double[s][H];
      for (int h = 0; h < HEADS; h++)
        for (int a = 0; a < s; a++) {
          double[] w = new double[s];
          double max = Double.NEGATIVE_INFINITY;
          for (int b = 0; b < s; b++) {
            if (ids[b] == 0) { w[b] = Double.NEGATIVE_INFINITY; continue; }
            double dot = 0;
            for (int j = 0; j < d; j++) dot += q[a][h * d + j] * k[b][h * d + j];
            w[b] = dot / Math.sqrt(d);
            max = Math.max(max, w[b]);
          }
          double sum = 0;
          for (int b = 0; b < s; b++) { w[b] = Math.exp(w[b] - max); sum += w[b]; }
          for (int b = 0; b < s; b++)
            for (int j = 0; j < d; j++) ctx[a][h * d + j] += w[b] / sum * v[b][h * d + j];
        }
      x = layerNorm(add(x, linear(ctx, pre + "attention.output.dense", H, H)), pre + "attention.output.LayerNorm");
      double[][] inter = linear(x, pre + "intermediate.dense", H, F);
      for (double[] row : inter) for (int j = 0; j < F; j++) row[j] = 0.5 * row[j] * (1 + erf(row[j] / Math.sqrt(2)));
      x = layerNorm(add(x, linear(inter, pre + "output.dense", F, H)), pre + "output.LayerNorm");
    }
    return x;
  }

  double[] pooled(int[] ids) {
    double[][] p = linear(new double[][] {hidden(ids)[0]}, "bert.pooler.dense", H, H);
    for (int j = 0; j < H; j++) p[0][j] = Math.tanh(p[0][j]);
    return p[0];
  }

  private double[][] linear(double[][] x, String name, int in, int out) {
    float[] w = get(name + ".weight"), b = get(name + ".bias");
    double[][] y = new double[x.length][out];
    for (int r = 0; r < x.length; r++)
      for (int o = 0; o < out; o++) {
        double acc = b[o];
        for (int i = 0; i < in; i++) acc += x[r][i] * w[o * in + i];
        y[r][o] = acc;
      }
    return y;
  }

  private double[][] layerNorm(double[][] x, String name) {
    float[] g = get(name + ".weight"), b = get(name + ".bias");
    double[][] y = new double[x.length][H];
    for (int r = 0; r < x.length; r++) {
      double mu = 0, var = 0;
      for (double v : x[r]) mu += v / H;
      for (double v : x[r]) var += (v - mu) * (v - mu) / H;
      for (int i = 0; i < H; i++) y[r][i] = g[i] * (x[r][i] - mu) / Math.sqrt(var + 1e-12) + b[i];
    }
    return y;
  }

  private static double[][] add(double[][] a, double[][] b) {
    double[][] c = new double[a.length][a[0].length];
    for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) c[i][j] = a[i][j] + b[i][j];
    return c;
  }

  /** erf by its Maclaurin series (|x| < 4, to ~1e-12 here) and +-1 beyond (erf(4) = 1 - 1.5e-8). */
  static double erf(double x) {
    if (Math.abs(x) >= 4) return Math.signum(x);
    double term = x, sum = x;
    for (int n = 1; n < 120; n++) {
      term *= -x * x / n;
      sum += term / (2 * n + 1);
    }
    return 2 / Math.sqrt(Math.PI) * sum;
  }
}
