package io.github.llr4j.adversarial.attack;

import io.github.llr4j.core.check.Require;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.Session;

/**
 * APGD-CE (Croce and Hein, "Reliable evaluation of adversarial robustness with an ensemble of
 * diverse parameter-free attacks", ICML 2020), Linf, untargeted: PGD on the cross-entropy without
 * a step-size parameter. Per example: step eta starts at 2 eps; iterates use momentum
 * x(k+1) = P(x(k) + 0.75 (z - x(k)) + 0.25 (x(k) - x(k-1))) with z = P(x(k) + eta sign(grad));
 * at the checkpoints w_j = ceil(p_j N) (p_0 = 0, p_1 = 0.22, p_{j+1} = p_j + max(p_j - p_{j-1} -
 * 0.03, 0.06)) eta is halved and the iterate reset to the best point so far when fewer than 75% of
 * the steps since the last checkpoint increased the loss, or when neither eta nor the best loss
 * changed since then. Random start uniform in the Linf ball; restarts keep per-example worst.
 */
public record ApgdCe(double eps, int steps, int restarts, Box box) implements Attack {

  static final double ALPHA = 0.75;
  static final double RHO = 0.75;

  public ApgdCe {
    Require.that(eps >= 0 && Double.isFinite(eps), "eps", "be >= 0", eps);
    Require.atLeast("steps", steps, 2);
    Require.atLeast("restarts", restarts, 1);
    if (box == null) throw new IllegalArgumentException("box must not be null (Box.UNIT for pixels in [0, 1])");
    box.checkRadius(Norm.LINF, eps, 1);
  }

  public static ApgdCe of(double eps, int steps) {
    return new ApgdCe(eps, steps, 1, Box.UNIT);
  }

  /** The checkpoint iterations w_j for {@code n} iterations (w_0 = 0 excluded). */
  static List<Integer> checkpoints(int n) {
    List<Integer> w = new ArrayList<>();
    double prev = 0, cur = 0.22;
    while (cur <= 1) {
      int c = (int) Math.ceil(cur * n);
      if (w.isEmpty() || c > w.get(w.size() - 1)) w.add(c);
      double next = cur + Math.max(cur - prev - 0.03, 0.06);
      prev = cur;
      cur = next;
    }
    return w;
  }

  @Override
  public Outcome run(AttackGraph graph, Session session, float[] x0, int[] y, long seed) {
    box.checkInside(x0);
    int n = y.length, size = graph.exampleSize();
    Tracker track = new Tracker(x0, n, size, false);
    Random rnd = new Random(seed);
    float e = (float) eps;
    List<Integer> checkpoints = checkpoints(steps);
    for (int r = 0; r < restarts; r++) {
      float[] x = x0.clone();
      if (eps > 0) {
        for (int j = 0; j < x.length; j++) x[j] = x0[j] + e * (2 * rnd.nextFloat() - 1);
        box.projectLinf(x, x0, e);
      }
      float[] prevX = x.clone();
      float[] bestX = x.clone();
      float[] eta = new float[n];
      java.util.Arrays.fill(eta, 2 * e);
      float[] bestLoss = new float[n], lossPrev = new float[n];
      java.util.Arrays.fill(bestLoss, Float.NEGATIVE_INFINITY);
      int[] increases = new int[n];
      float[] etaAtLast = eta.clone();
      float[] bestAtLast = new float[n];
      java.util.Arrays.fill(bestAtLast, Float.NEGATIVE_INFINITY);
      int lastCheckpoint = 0, next = 0;
      AttackGraph.Evaluation ev = null;
      for (int k = 0; k < steps; k++) {
        ev = graph.evaluate(session, x, y, true);
        track.observe(x, ev);
        for (int i = 0; i < n; i++) {
          float l = ev.loss()[i];
          if (k > 0 && l > lossPrev[i]) increases[i]++;
          lossPrev[i] = l;
          if (l > bestLoss[i]) {
            bestLoss[i] = l;
            System.arraycopy(x, i * size, bestX, i * size, size);
          }
        }
        float[] g = ev.gradient();
        if (next < checkpoints.size() && k == checkpoints.get(next)) {
          int span = k - lastCheckpoint;
          for (int i = 0; i < n; i++) {
            boolean fewIncreases = increases[i] < RHO * span;
            boolean stalled = etaAtLast[i] == eta[i] && bestAtLast[i] == bestLoss[i];
            etaAtLast[i] = eta[i];
            bestAtLast[i] = bestLoss[i];
            if (fewIncreases || stalled) {
              eta[i] /= 2;
              // restart from the best point: its gradient is not at hand, so this step only moves there
              System.arraycopy(bestX, i * size, x, i * size, size);
              System.arraycopy(bestX, i * size, prevX, i * size, size);
              for (int j = i * size; j < (i + 1) * size; j++) g[j] = 0;
            }
            increases[i] = 0;
          }
          lastCheckpoint = k;
          next++;
        }
        float[] z = x.clone();
        for (int i = 0; i < n; i++)
          for (int j = i * size; j < (i + 1) * size; j++) z[j] += eta[i] * Math.signum(g[j]);
        box.projectLinf(z, x0, e);
        float[] xNext = new float[x.length];
        double alpha = k == 0 ? 1.0 : ALPHA;
        for (int j = 0; j < x.length; j++)
          xNext[j] = (float) (x[j] + alpha * (z[j] - x[j]) + (1 - alpha) * (x[j] - prevX[j]));
        box.projectLinf(xNext, x0, e);
        prevX = x;
        x = xNext;
      }
      ev = graph.evaluate(session, x, y, false);
      track.observe(x, ev);
      for (int i = 0; i < n; i++) {
        if (ev.loss()[i] < bestLoss[i]) System.arraycopy(bestX, i * size, x, i * size, size);
      }
      track.endRestart(x, graph.evaluate(session, x, y, false).loss());
    }
    return track.outcome();
  }

  @Override
  public String describe() {
    return "apgd-ce(eps=" + eps + ", steps=" + steps + ", restarts=" + restarts + ")";
  }
}
