package io.github.llr4j.nlp.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.nlp.model.EncoderWeights;
import io.github.llr4j.nlp.model.TransformerModel;
import io.github.llr4j.nlp.model.TransformerSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class HfBertTest {

  @TempDir Path dir;

  @Test
  void halfPrecisionDecoding() {
    assertThat(SafeTensors.halfToFloat((short) 0x3C00)).isEqualTo(1f);
    assertThat(SafeTensors.halfToFloat((short) 0xC000)).isEqualTo(-2f);
    assertThat(SafeTensors.halfToFloat((short) 0x7BFF)).isEqualTo(65504f);
    assertThat(SafeTensors.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
    assertThat(SafeTensors.halfToFloat((short) 0x3555)).isEqualTo(0.333251953125f);
    assertThat(SafeTensors.halfToFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
  }

  @Test
  void readsF32F16Bf16AndSkipsNothingElse() throws IOException {
    TinyBert bert = new TinyBert(3);
    bert.write(dir);
    Map<String, SafeTensors.Tensor> t = SafeTensors.read(dir.resolve("model.safetensors"));
    assertThat(t).hasSize(bert.tensors.size());
    for (var e : bert.tensors.entrySet()) {
      assertThat(t.get(e.getKey()).values()).as(e.getKey()).containsExactly(e.getValue().values());
      assertThat(t.get(e.getKey()).shape()).isEqualTo(e.getValue().shape());
    }
  }

  @Test
  void writerRoundTrip() {
    Path f = dir.resolve("rt.safetensors");
    Map<String, SafeTensors.Tensor> t = new java.util.LinkedHashMap<>();
    t.put("a", new SafeTensors.Tensor(new long[] {2, 3}, new float[] {1, -2, 3.5f, 0, 1e-7f, -1e7f}));
    t.put("b", new SafeTensors.Tensor(new long[] {1}, new float[] {42}));
    SafeTensors.write(f, t);
    Map<String, SafeTensors.Tensor> back = SafeTensors.read(f);
    assertThat(back.keySet()).containsExactly("a", "b");
    assertThat(back.get("a").values()).containsExactly(1, -2, 3.5f, 0, 1e-7f, -1e7f);
    assertThat(back.get("a").shape()).containsExactly(2, 3);
  }

  @Test
  void loadedWeightsReproduceAPlainJavaBertForwardPass() throws IOException {
    TinyBert bert = new TinyBert(7);
    bert.write(dir);
    BertConfig config = BertConfig.read(dir.resolve("config.json"));
    TransformerSpec spec = config.spec(3);
    assertThat(spec.maxLength()).isEqualTo(TinyBert.P);
    Map<String, float[]> w = new HashMap<>(BertWeights.load(dir.resolve("model.safetensors"), spec));
    // a classifier [H, C] of our own, applied to the reference's pooled output below
    float[] ck = new float[TinyBert.H * 3];
    for (int i = 0; i < ck.length; i++) ck[i] = (i % 7 - 3) / 4f;
    float[] cb = {0.1f, -0.2f, 0.05f};
    w.put("classifier/kernel", ck);
    w.put("classifier/bias", cb);
    int[][] ids = {{2, 5, 9, 3, 0, 0}, {2, 11, 7, 4, 6, 3}};
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      TransformerModel m = spec.build(tf.withSubScope("model"), 1);
      Operand<TFloat32> hidden = m.encode(ModelContext.inference(tf), tf.constant(ids), null).hidden();
      Operand<TFloat32> logits = m.logits(ModelContext.inference(tf), tf.constant(ids));
      EncoderWeights.assign(tf, s, m, w);
      try (Result r = s.runner().fetch(hidden).fetch(logits).run()) {
        TFloat32 h = (TFloat32) r.get(0);
        TFloat32 z = (TFloat32) r.get(1);
        for (int b = 0; b < 2; b++) {
          double[][] ref = bert.hidden(ids[b]);
          for (int p = 0; p < 6; p++) {
            if (ids[b][p] == 0) continue;  // padded positions are never read downstream
            for (int i = 0; i < TinyBert.H; i++)
              assertThat((double) h.getFloat(b, p, i)).as("row %d pos %d dim %d", b, p, i).isCloseTo(ref[p][i], offset(2e-4));
          }
          double[] pooled = bert.pooled(ids[b]);
          for (int c = 0; c < 3; c++) {
            double ref2 = cb[c];
            for (int i = 0; i < TinyBert.H; i++) ref2 += pooled[i] * ck[i * 3 + c];
            assertThat((double) z.getFloat(b, c)).isCloseTo(ref2, offset(2e-4));
          }
        }
      }
    }
  }

  @Test
  void aFolderWithoutAPoolerLoadsForMeanAndClsPooling() throws IOException {
    TinyBert bert = new TinyBert(5);
    bert.tensors.keySet().removeIf(k -> k.contains("pooler"));
    bert.write(dir);
    PretrainedBert p = PretrainedBert.folder(dir);
    assertThat(p.hasPooler()).isFalse();
    assertThat(p.defaultPooling()).isEqualTo(TransformerSpec.Pooling.MEAN);
    Map<String, float[]> mean = p.weights(p.spec(2, TransformerSpec.Pooling.MEAN));
    Map<String, float[]> cls = p.weights(p.spec(2, TransformerSpec.Pooling.CLS));
    // 5 embedding tensors + 16 per layer; no pooler in either (CLS trains a fresh one)
    assertThat(mean).hasSize(5 + 16 * TinyBert.L).doesNotContainKey("pooler/kernel");
    assertThat(cls.keySet()).isEqualTo(mean.keySet());
    // the values arrive: the word table (F16 in the file) equals the file's
    assertThat(mean.get("embeddings/word/table")).containsExactly(bert.tensors.get("bert.embeddings.word_embeddings.weight").values());
    TinyBert full = new TinyBert(5);
    Path withPooler = dir.resolve("full");
    full.write(withPooler);
    PretrainedBert q = PretrainedBert.folder(withPooler);
    assertThat(q.defaultPooling()).isEqualTo(TransformerSpec.Pooling.CLS);
    assertThat(q.weights(q.spec(2, TransformerSpec.Pooling.CLS))).containsKey("pooler/kernel");
    assertThat(q.weights(q.spec(2, TransformerSpec.Pooling.MEAN))).doesNotContainKey("pooler/kernel");
    // a missing tensor: one line naming it
    TinyBert broken = new TinyBert(5);
    broken.tensors.remove("bert.encoder.layer.0.output.LayerNorm.bias");
    Path b = dir.resolve("broken");
    broken.write(b);
    assertThatThrownBy(() -> PretrainedBert.folder(b).weights(q.spec(2, TransformerSpec.Pooling.MEAN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must hold the BERT tensor 'encoder.layer.0.output.LayerNorm.bias'")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> PretrainedBert.folder(dir.resolve("nowhere"))).hasMessageContaining("config.json");
  }

  @Test
  void wrongShapesAndMissingTensorsAreNamed() throws IOException {
    TinyBert bert = new TinyBert(1);
    bert.write(dir);
    TransformerSpec wrong = BertConfig.read(dir.resolve("config.json")).spec(2);
    TransformerSpec bigger = wrong.toBuilder().layers(2).classes(2).dropout(0).build();
    assertThatThrownBy(() -> BertWeights.load(dir.resolve("model.safetensors"), bigger))
        .hasMessageContaining("encoder.layer.1.attention.self.query.weight");
    TransformerSpec wider = wrong.toBuilder().vocabSize(13).layers(1).classes(2).dropout(0).build();
    assertThatThrownBy(() -> BertWeights.load(dir.resolve("model.safetensors"), wider))
        .hasMessageContaining("embeddings.word_embeddings.weight").hasMessageContaining("[13, 4]");
  }

  @Test
  void corruptFilesNameTheFileAndTheOffset() throws IOException {
    Path f = dir.resolve("bad.safetensors");
    // header length past the end of the file
    Files.write(f, ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).putInt(0).array());
    assertThatThrownBy(() -> SafeTensors.read(f)).hasMessageContaining(f.toString())
        .hasMessageContaining("byte offset 0").hasMessageContaining("header length");
    // a tensor whose data_offsets run past the data section (12 data bytes, offsets [8, 20])
    byte[] json = "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[8,20]}}".getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + json.length + 12).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(json.length).put(json);
    Files.write(f, b.array());
    long dataStart = 8 + json.length;
    assertThatThrownBy(() -> SafeTensors.read(f)).hasMessageContaining(f.toString())
        .hasMessageContaining("byte offset " + (dataStart + 8)).hasMessageContaining("'w'");
    // byte count not matching dtype x shape
    byte[] json2 = "{\"w\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,12]}}".getBytes(StandardCharsets.UTF_8);
    ByteBuffer c = ByteBuffer.allocate(8 + json2.length + 12).order(ByteOrder.LITTLE_ENDIAN);
    c.putLong(json2.length).put(json2);
    Files.write(f, c.array());
    assertThatThrownBy(() -> SafeTensors.read(f)).hasMessageContaining("of 6 bytes").hasMessageContaining("got 12");
    // not JSON
    Files.write(f, ByteBuffer.allocate(8 + 4).order(ByteOrder.LITTLE_ENDIAN).putLong(4).put("{{{{".getBytes()).array());
    assertThatThrownBy(() -> SafeTensors.read(f)).hasMessageContaining("byte offset 8").hasMessageContaining("JSON");
  }
}
