package io.github.llr4j.nlp.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.nlp.hf.MiniLm;
import io.github.llr4j.nlp.hf.PretrainedBert;
import io.github.llr4j.nlp.hf.TokenizerJson;
import io.github.llr4j.nlp.model.EncoderWeights;
import io.github.llr4j.nlp.model.TransformerModel;
import io.github.llr4j.nlp.model.TransformerSpec;
import io.github.llr4j.nlp.tokenize.BertTokenizer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Our encoder on all-MiniLM-L6-v2's weights (read from its ONNX file in Java) against ONNX Runtime
 * running the same file: the last hidden state of a padded batch, every position.
 */
class OnnxParityTest {

  static final String[] TEXTS = {
      "The quick brown fox jumps over the lazy dog.",
      "Héllo wörld! 中文 and émojis 😀 are fine",
      "WIN a FREE prize now!!! click here: http://example.com/claim?id=42",
      "short"};
  static final int S = 20;

  @Test
  void lastHiddenStateEqualsOnnxRuntimeOnAPaddedBatch() throws Exception {
    BertTokenizer tok = TokenizerJson.read(MiniLm.tokenizer()).tokenizer();
    PretrainedBert bert = OnnxBert.read(MiniLm.onnx());
    int b = TEXTS.length;
    int[][] ids = new int[b][];
    long[][] ids64 = new long[b][S], mask = new long[b][S], types = new long[b][S];
    int padded = 0;
    for (int i = 0; i < b; i++) {
      ids[i] = tok.encode(TEXTS[i], S).ids();
      int[] m = tok.encode(TEXTS[i], S).mask();
      for (int p = 0; p < S; p++) {
        ids64[i][p] = ids[i][p];
        mask[i][p] = m[p];
        if (m[p] == 0) padded++;
      }
    }
    assertThat(padded).as("the batch must contain padding").isGreaterThan(20);
    assertThat(ids[2][S - 1]).as("the third text is truncated to the length").isNotZero();

    float[][][] ours;
    TransformerSpec spec = bert.spec(2, TransformerSpec.Pooling.MEAN).toBuilder().dropout(0).build();
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      TransformerModel model = spec.build(tf.withSubScope("model"), 1);
      Operand<TFloat32> hidden = model.encode(ModelContext.inference(tf), tf.constant(ids), null).hidden();
      s.initialize();
      EncoderWeights.assign(tf, s, model, bert.weights(spec));
      try (Result r = s.runner().fetch(hidden).run()) {
        TFloat32 h = (TFloat32) r.get(0);
        ours = new float[b][S][spec.hidden()];
        for (int i = 0; i < b; i++)
          for (int p = 0; p < S; p++) for (int k = 0; k < spec.hidden(); k++) ours[i][p][k] = h.getFloat(i, p, k);
      }
    }

    float[][][] ref;
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession ort = env.createSession(MiniLm.onnx().toString(), new OrtSession.SessionOptions());
        ai.onnxruntime.OnnxTensor a = ai.onnxruntime.OnnxTensor.createTensor(env, ids64);
        ai.onnxruntime.OnnxTensor c = ai.onnxruntime.OnnxTensor.createTensor(env, mask);
        ai.onnxruntime.OnnxTensor t = ai.onnxruntime.OnnxTensor.createTensor(env, types);
        OrtSession.Result r = ort.run(Map.of("input_ids", a, "attention_mask", c, "token_type_ids", t))) {
      ref = (float[][][]) r.get(0).getValue();
    }

    double maxReal = 0, maxPad = 0, scale = 0;
    for (int i = 0; i < b; i++)
      for (int p = 0; p < S; p++)
        for (int k = 0; k < spec.hidden(); k++) {
          double d = Math.abs(ours[i][p][k] - ref[i][p][k]);
          scale = Math.max(scale, Math.abs(ref[i][p][k]));
          if (mask[i][p] == 1) maxReal = Math.max(maxReal, d);
          else maxPad = Math.max(maxPad, d);
        }
    System.out.printf("MiniLM vs ONNX Runtime: max |diff| %.3g on real positions, %.3g on padded ones (max |value| %.3g)%n",
        maxReal, maxPad, scale);
    assertThat(scale).as("hidden states are not trivially small").isGreaterThan(1);
    assertThat(maxReal).isLessThan(1e-4);
    // padded positions attend to the real keys only in both (mask on keys), so they agree too
    assertThat(maxPad).isLessThan(1e-4);
  }
}
