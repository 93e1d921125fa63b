package io.github.llr4j.core.train;

import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.data.Batches;
import io.github.llr4j.core.hparam.TrainingClock;
import io.github.llr4j.core.nn.Model;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/** The trainer's {@link TrainerView}: its parts, and the probes run through its step and evaluator. */
record RunView(Graph graph, Session session, Model model, Batches train, Map<String, Batches> evaluation,
    TrainingStep step, Evaluator evaluator) implements TrainerView {

  RunView {
    evaluation = Collections.unmodifiableMap(new LinkedHashMap<>(evaluation));
  }

  @Override
  public List<TFloat32> gradients(Batch batch, TrainingClock clock) {
    return step.gradients(session, batch, clock);
  }

  @Override
  public int[] predictions(Batch batch) {
    return evaluator.predictions(session, batch);
  }
}
