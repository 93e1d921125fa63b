package io.github.llr4j.core.train;

import io.github.llr4j.core.loss.TrainingLoss;
import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.data.Batches;
import io.github.llr4j.core.diag.Directions;
import io.github.llr4j.core.diag.HessianSpectrum;
import io.github.llr4j.core.diag.HessianVectorProduct;
import io.github.llr4j.core.diag.LossProbe;
import io.github.llr4j.core.diag.LossSurface;
import io.github.llr4j.core.nn.Model;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * Builds the diagnostics probe into the trainer's graph and measures {@link FlatnessTracking}'s
 * values. The batches are taken once, at the first measurement, and kept (so every measurement of
 * a run sees the same data) until {@link #close}.
 */
final class FlatnessRecorder implements AutoCloseable {
  private final FlatnessTracking settings;
  private final LossProbe probe;
  private final List<Batch> data = new ArrayList<>();

  FlatnessRecorder(Ops tf, FlatnessTracking settings, Model model, TrainingLoss loss, Batches train) {
    this.settings = settings;
    this.probe = new LossProbe(tf, "diag", model, loss, train.inputType(), train.exampleShape(), false);
  }

  boolean due(int epoch, int totalEpochs) {
    return (epoch + 1) % settings.everyEpochs() == 0 || epoch == totalEpochs - 1;
  }

  /** Measures and adds the values to {@code record}. */
  void record(Session session, Batches train, Map<String, Object> record) {
    long t0 = System.nanoTime();
    if (data.isEmpty()) {
      Iterator<Batch> it = train.epoch(0);
      while (it.hasNext() && data.size() < settings.batches()) data.add(it.next());
    }
    HessianVectorProduct hvp = new HessianVectorProduct(probe, session, data,
        HessianVectorProduct.Mode.FINITE_DIFFERENCE, 1e-3);
    HessianSpectrum.Eigen e = HessianSpectrum.topEigenvalues(hvp, 1, settings.powerIterations(),
        settings.tolerance(), settings.seed(), null);
    HessianSpectrum.Trace tr = HessianSpectrum.trace(hvp, settings.hutchinsonSamples(), settings.seed() + 1, null);
    double[] d = Directions.filterNormalised(probe.layout(), hvp.weights(), settings.seed() + 2);
    LossSurface.Line line = LossSurface.line(probe, session, data, d,
        LossSurface.grid(settings.surfaceRadius(), settings.surfacePoints()));
    record.put("lambda_max", e.top());
    record.put("lambda_max_iterations", e.iterations()[0]);
    record.put("lambda_max_converged", e.converged()[0]);
    record.put("hessian_trace", tr.estimate());
    record.put("hessian_trace_stderr", tr.standardError());
    record.put("sharpness_1d", line.maxIncrease());
    record.put("flatness_seconds", (System.nanoTime() - t0) / 1e9);
  }

  @Override
  public void close() {
    data.forEach(Batch::close);
    data.clear();
  }
}
