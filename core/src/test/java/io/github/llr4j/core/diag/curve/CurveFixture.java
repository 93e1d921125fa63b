package io.github.llr4j.core.diag.curve;

import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.diag.LossProbe;
import io.github.llr4j.core.loss.CrossEntropyLoss;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.models.Mlp;
import io.github.llr4j.core.train.TinyProblem;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** A ReLU MLP on {@link TinyProblem}'s blobs with its probe, and full-batch gradient descent to make end points. */
final class CurveFixture implements AutoCloseable {
  final Graph graph = new Graph();
  final Ops tf = Ops.create(graph);
  final Model model;
  final LossProbe probe;
  final List<Batch> data = new ArrayList<>();
  final Session session;

  CurveFixture(List<Integer> hidden) {
    Mlp spec = Mlp.of(TinyProblem.DIM, hidden, TinyProblem.CLASSES);
    var blobs = TinyProblem.blobs(192, 6, 48);
    for (Iterator<Batch> it = blobs.epoch(0); it.hasNext(); ) data.add(it.next());
    model = spec.build(tf, 2);
    probe = new LossProbe(tf, "diag", model, new CrossEntropyLoss(TinyProblem.CLASSES), TFloat32.class,
        Shape.of(TinyProblem.DIM), false);
    session = new Session(graph);
  }

  /** 200 full-batch steps of lr 0.5 from {@code start}; returns the weights reached. */
  double[] train(double[] start) {
    probe.setWeights(session, start);
    for (int step = 0; step < 200; step++) {
      double[] grad = probe.lossAndGradient(session, data).gradient();
      double[] w = probe.weights(session);
      for (int i = 0; i < w.length; i++) w[i] -= 0.5 * grad[i];
      probe.setWeights(session, w);
    }
    return probe.weights(session);
  }

  /** The initial weights. */
  double[] initial() {
    return probe.weights(session);
  }

  /** N(0, sd^2) weights from {@code seed}. */
  double[] gaussian(long seed, double sd) {
    Random r = new Random(seed);
    double[] w = new double[probe.layout().size()];
    for (int i = 0; i < w.length; i++) w[i] = sd * r.nextGaussian();
    return w;
  }

  /** The loss over all data at {@code w}. */
  double loss(double[] w) {
    probe.setWeights(session, w);
    return probe.loss(session, data);
  }

  @Override
  public void close() {
    data.forEach(Batch::close);
    session.close();
    graph.close();
  }
}
