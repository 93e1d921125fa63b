package io.github.llr4j.core.train;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.loss.CrossEntropyLoss;
import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.data.Batches;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import java.util.Iterator;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * Inference-mode evaluation of a model: mean cross-entropy, top-1 accuracy and, with more than 5
 * classes, top-5 accuracy (as the reference code logs) over a data set (and on request the {@link ConfusionMatrix} of the top-1 predictions),
 * built once into the graph (sub-scope {@code eval}) and run batch by batch. The mean loss is
 * weighted by batch size, so it is the mean over examples even when the last batch is smaller.
 * Also computes the evaluated initial loss L0 (spec section 3) over the first N training batches.
 */
public final class Evaluator {

  /**
   * Results over {@code examples} examples. {@code top5Accuracy} is the share of examples whose label
   * is among the 5 largest logits (TF's InTopK: classes tied with the 5th largest logit count as
   * in); NaN when the model has 5 classes or fewer, where it would always be 1.
   */
  public record Metrics(double meanLoss, double accuracy, double top5Accuracy, long examples) {

    /** Is {@link #top5Accuracy()} measured (more than 5 classes)? */
    public boolean hasTop5() {
      return !Double.isNaN(top5Accuracy);
    }
  }

  private final Placeholder<? extends TType> input;
  private final Placeholder<TInt32> labels;
  private final Operand<TFloat32> loss;
  private final Operand<TInt32> correct;
  private final Operand<TInt32> predicted;
  /** Examples with the label among the 5 largest logits; null with 5 classes or fewer. */
  private final Operand<TInt32> inTop5;

  /** Builds the inference pass of {@code model} for inputs of {@code inputType} and example shape. */
  public Evaluator(Ops tf, Model model, CrossEntropyLoss xent,
      Class<? extends TType> inputType, Shape exampleShape) {
    Ops s = tf.withSubScope("eval");
    this.input = s.placeholder(inputType, Placeholder.shape(Shape.of(-1).append(exampleShape)));
    this.labels = s.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    Operand<TFloat32> logits = model.logits(ModelContext.inference(s), input);
    this.loss = xent.meanLoss(s, logits, labels);
    this.correct = CrossEntropyLoss.correct(s, logits, labels);
    this.predicted = s.withName("predicted").math.argMax(logits, s.constant(1), TInt32.class);
    this.inTop5 = xent.classes() > 5
        ? s.sum(s.dtypes.cast(s.nn.inTopK(logits, labels, s.constant(5)), TInt32.class), s.constant(0))
        : null;
  }

  /** Confusion matrix of the top-1 predictions on epoch-0 order batches of {@code data} (0 = all). */
  public ConfusionMatrix confusion(Session session, Batches data, int maxBatches, int classes) {
    Require.atLeast("maxBatches", maxBatches, 0);
    long[][] c = new long[classes][classes];
    Iterator<Batch> it = data.epoch(0);
    int seen = 0;
    while (it.hasNext() && (maxBatches == 0 || seen < maxBatches)) {
      try (Batch b = it.next()) {
        int[] p = predictions(session, b);
        for (int i = 0; i < b.size(); i++) c[b.labels().getInt(i)][p[i]]++;
      }
      seen++;
    }
    return new ConfusionMatrix(c);
  }

  /** The top-1 class of each example of {@code batch}. */
  public int[] predictions(Session session, Batch batch) {
    try (Result r = session.runner().feed(input, batch.inputs()).fetch(predicted).run()) {
      TInt32 p = (TInt32) r.get(0);
      int[] out = new int[batch.size()];
      for (int i = 0; i < out.length; i++) out[i] = p.getInt(i);
      return out;
    }
  }

  /** Evaluates epoch-0 order batches of {@code data}; {@code maxBatches} 0 means all. */
  public Metrics evaluate(Session session, Batches data, int maxBatches) {
    Require.atLeast("maxBatches", maxBatches, 0);
    double lossSum = 0;
    long hits = 0;
    long hits5 = 0;
    long n = 0;
    int seen = 0;
    Iterator<Batch> it = data.epoch(0);
    while (it.hasNext() && (maxBatches == 0 || seen < maxBatches)) {
      Session.Runner runner = session.runner();
      if (inTop5 != null) runner.fetch(inTop5);
      try (Batch b = it.next();
          Result r = runner.feed(input, b.inputs()).feed(labels, b.labels()).fetch(loss).fetch(correct).run()) {
        int first = inTop5 != null ? 1 : 0;
        if (inTop5 != null) hits5 += ((TInt32) r.get(0)).getInt();
        lossSum += ((TFloat32) r.get(first)).getFloat() * (double) b.size();
        hits += ((TInt32) r.get(first + 1)).getInt();
        n += b.size();
      }
      seen++;
    }
    if (n == 0) throw new IllegalArgumentException("data must yield at least one batch, got none");
    return new Metrics(lossSum / n, (double) hits / n, inTop5 != null ? (double) hits5 / n : Double.NaN, n);
  }
}
