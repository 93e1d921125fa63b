package io.github.llr4j.examples.tasks;

import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.core.train.checkpoint.Checkpoints;
import io.github.llr4j.nlp.model.EncoderWeights;
import io.github.llr4j.nlp.model.TransformerModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import io.github.llr4j.nlp.hf.BertWeights;
import org.tensorflow.op.Ops;

/**
 * Starts a text run from pretrained weights: {@code --init RUN} (an MLM pretraining run's
 * checkpoint) or {@code --model hf:DIR} (a Hugging Face BERT {@code model.safetensors}). The
 * classifier head (and for --init the pooler, which MLM does not train) keeps its fresh values.
 */
final class PretrainedWeights {
  private PretrainedWeights() {}

  static void apply(TextTask.Settings s, Trainer t, PrintWriter w) {
    TransformerModel m = (TransformerModel) t.model();
    Ops tf = Ops.create(t.graph());
    if (s.init() != null) {
      // the pooler and the classifier are new: MLM pretraining never trains them
      List<String> copied = EncoderWeights.restore(tf, t.session(), m, Checkpoints.resolve(s.init()),
          n -> !n.startsWith("classifier/") && !n.startsWith("pooler/"));
      w.printf("initialised %d encoder variables from %s%n", copied.size(), s.init());
    } else {
      Path dir = TextTask.pretrainedFolder(s);
      Map<String, float[]> values = BertWeights.load(dir.resolve("model.safetensors"), m.spec());
      EncoderWeights.assign(tf, t.session(), m, values);
      w.printf("initialised %d encoder variables from %s%n", values.size(), dir.resolve("model.safetensors"));
    }
  }
}
