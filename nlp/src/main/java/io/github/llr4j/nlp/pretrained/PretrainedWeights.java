package io.github.llr4j.nlp.pretrained;

import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.core.train.checkpoint.Checkpoints;
import io.github.llr4j.nlp.model.EncoderWeights;
import io.github.llr4j.nlp.model.TransformerModel;
import io.github.llr4j.nlp.model.TransformerSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.op.Ops;

/**
 * Starts a text run from pretrained weights: {@code --init RUN} (an MLM pretraining run's
 * checkpoint) or a {@link PretrainedSource} ({@code --model hf:DIR}, {@code onnx:FILE}). The
 * classifier head keeps its fresh values, and so does the pooler when the source has none (MLM
 * runs, sentence-transformers encoders).
 */
public final class PretrainedWeights {
  private PretrainedWeights() {}

  /** Copies the encoder of the MLM pretraining run {@code init} into {@code t}'s model (not pooler, not classifier). */
  public static void restore(Path init, Trainer t, PrintWriter w) {
    TransformerModel m = (TransformerModel) t.model();
    // the pooler and the classifier are new: MLM pretraining never trains them
    List<String> copied = EncoderWeights.restore(Ops.create(t.graph()), t.session(), m, Checkpoints.resolve(init),
        n -> !n.startsWith("classifier/") && !n.startsWith("pooler/"));
    w.printf("initialised %d encoder variables from %s%n", copied.size(), init);
  }

  /** Assigns {@code src}'s weights to {@code t}'s model; {@code w} gets what was copied. */
  public static void apply(PretrainedSource src, Trainer t, PrintWriter w) {
    TransformerModel m = (TransformerModel) t.model();
    Map<String, float[]> values = src.bert().weights(m.spec());
    EncoderWeights.assign(Ops.create(t.graph()), t.session(), m, values);
    w.printf("initialised %d encoder variables from %s%n", values.size(), src.bert().source());
    if (m.spec().pooling() == TransformerSpec.Pooling.CLS && !src.bert().hasPooler())
      w.printf("note: %s has no pooler; [CLS] pooling trains a fresh one (mean pooling is this model's usual choice)%n",
          src.label());
  }
}
