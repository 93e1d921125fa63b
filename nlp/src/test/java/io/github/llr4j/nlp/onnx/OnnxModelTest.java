package io.github.llr4j.nlp.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.nlp.hf.MiniLm;
import io.github.llr4j.nlp.hf.PretrainedBert;
import io.github.llr4j.nlp.hf.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelTest {
  @TempDir Path dir;

  /** TensorProto: dims 1, data_type 2, float_data 4, name 8, raw_data 9, external_data 13, data_location 14. */
  private static ProtoWriter tensor(String name, long... dims) {
    ProtoWriter t = new ProtoWriter();
    for (long d : dims) t.varint(1, d);
    return t.varint(2, OnnxTensor.FLOAT).string(8, name);
  }

  /** ModelProto: ir_version 1, graph 7 (node 1, initializer 5, input 11, output 12), opset_import 8. */
  private Path model(ProtoWriter graph) throws IOException {
    byte[] m = new ProtoWriter().varint(1, 8).message(8, new ProtoWriter().string(1, "").varint(2, 14))
        .message(7, graph).toByteArray();
    Path f = dir.resolve("m.onnx");
    Files.write(f, m);
    return f;
  }

  @Test
  void readsFloatDataRawDataAndExternalData() throws IOException {
    Files.write(dir.resolve("weights.bin"), ProtoWriter.le(9, 9, 7.5f, -1, 0.25f, 9));
    ProtoWriter graph = new ProtoWriter()
        .message(5, tensor("a", 2, 2).packedFloats(4, 1, 2, 3, 4))
        .message(5, tensor("b", 3).bytes(9, ProtoWriter.le(-1.5f, 0, 1e-7f)))
        .message(5, tensor("c", 3).message(13, new ProtoWriter().string(1, "location").string(2, "weights.bin"))
            .message(13, new ProtoWriter().string(1, "offset").string(2, "8"))
            .message(13, new ProtoWriter().string(1, "length").string(2, "12")).varint(14, 1))
        .message(1, new ProtoWriter().string(1, "x").string(1, "a").string(2, "y").string(3, "mm").string(4, "MatMul"))
        .message(11, new ProtoWriter().string(1, "x")).message(12, new ProtoWriter().string(1, "y"));
    OnnxModel m = OnnxModel.read(model(graph));
    assertThat(m.opset()).isEqualTo(14);
    assertThat(m.initializers().keySet()).containsExactly("a", "b", "c");
    assertThat(m.initializers().get("a").floats()).containsExactly(1, 2, 3, 4);
    assertThat(m.initializers().get("a").dims()).containsExactly(2, 2);
    assertThat(m.initializers().get("b").floats()).containsExactly(-1.5f, 0, 1e-7f);
    assertThat(m.initializers().get("c").floats()).containsExactly(7.5f, -1, 0.25f);
    assertThat(m.nodes()).hasSize(1);
    assertThat(m.nodes().get(0).opType()).isEqualTo("MatMul");
    assertThat(m.nodes().get(0).inputs()).containsExactly("x", "a");
    assertThat(m.inputs()).containsExactly("x");
    assertThat(m.outputs()).containsExactly("y");
  }

  @Test
  void corruptAndUnsupportedInputIsNamed() throws IOException {
    // raw_data of 8 bytes for 3 floats
    Path f = model(new ProtoWriter().message(5, tensor("w", 3).bytes(9, new byte[8])));
    assertThatThrownBy(() -> OnnxModel.read(f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tensor 'w'").hasMessageContaining("12 bytes of FLOAT data").hasMessageContaining("got 8");
    // a length running past the end
    byte[] good = Files.readAllBytes(f);
    Path cut = dir.resolve("cut.onnx");
    Files.write(cut, Arrays.copyOf(good, good.length - 3));
    assertThatThrownBy(() -> OnnxModel.read(cut)).hasMessageContaining(cut.toString()).hasMessageContaining("byte offset");
    // not an ONNX file at all
    Path text = dir.resolve("text.onnx");
    Files.writeString(text, "hello world, not protobuf");
    assertThatThrownBy(() -> OnnxModel.read(text)).hasMessageContaining(text.toString());
    // an operator outside a plain BERT export, named with its node
    Path lstm = model(new ProtoWriter().message(1, new ProtoWriter().string(1, "x").string(2, "y")
        .string(3, "rnn/lstm").string(4, "LSTM")));
    assertThatThrownBy(() -> OnnxBert.read(lstm)).hasMessageContaining("ONNX operator LSTM (node 'rnn/lstm')")
        .hasMessageContaining("not supported");
    Path fused = model(new ProtoWriter().message(1, new ProtoWriter().string(1, "x").string(2, "y")
        .string(3, "attn").string(4, "Attention").string(7, "com.microsoft")));
    assertThatThrownBy(() -> OnnxBert.read(fused)).hasMessageContaining("com.microsoft.Attention");
    // external data must stay in the model's folder
    Path escape = model(new ProtoWriter().message(5, tensor("e", 1)
        .message(13, new ProtoWriter().string(1, "location").string(2, "../../etc/passwd")).varint(14, 1)));
    assertThatThrownBy(() -> OnnxModel.read(escape)).hasMessageContaining("must lie in the model's folder");
  }

  @Test
  void miniLmMapsWithNamesRecoveredFromTheGraph() {
    OnnxModel m = OnnxModel.read(MiniLm.onnx());
    PretrainedBert bert = OnnxBert.map(m);
    var c = bert.config();
    assertThat(new int[] {c.vocabSize(), c.hidden(), c.layers(), c.heads(), c.intermediate(), c.maxPositions(),
        c.typeVocab()}).containsExactly(30522, 384, 6, 12, 1536, 512, 2);
    assertThat(c.layerNormEpsilon()).isEqualTo(1e-12f);
    assertThat(bert.hasPooler()).isFalse();
    // onnx::MatMul_787 is read by layer 0's query MatMul; stored [in, out], mapped to PyTorch's [out, in]
    OnnxTensor raw = m.initializers().get("onnx::MatMul_787");
    SafeTensors.Tensor q = bert.tensors().get("encoder.layer.0.attention.self.query.weight");
    assertThat(q.shape()).containsExactly(384, 384);
    for (int[] rc : new int[][] {{0, 1}, {5, 200}, {383, 17}})
      assertThat(q.values()[rc[1] * 384 + rc[0]]).isEqualTo(raw.floats()[rc[0] * 384 + rc[1]]);
    assertThat(bert.tensors().get("encoder.layer.5.intermediate.dense.weight").shape()).containsExactly(1536, 384);
    assertThat(bert.tensors().get("encoder.layer.5.output.dense.weight").shape()).containsExactly(384, 1536);
    // 5 embedding tensors + 16 per layer
    assertThat(bert.tensors().keySet().stream().filter(k -> !k.equals("embeddings.position_ids"))).hasSize(5 + 16 * 6);
  }
}
