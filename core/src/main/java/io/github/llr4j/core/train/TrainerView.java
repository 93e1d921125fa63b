package io.github.llr4j.core.train;

import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.data.Batches;
import io.github.llr4j.core.hparam.TrainingClock;
import io.github.llr4j.core.nn.Model;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/**
 * What a {@link TrainingListener} may read of a trainer's run: its graph, session and model, its
 * data, and two probes that reuse the graph's existing ops (nothing is added to the graph).
 */
public interface TrainerView {

  Graph graph();

  Session session();

  Model model();

  /** The training batches. */
  Batches train();

  /** The evaluation sets by name ({@code val}, {@code test}, ...). */
  Map<String, Batches> evaluation();

  /**
   * The gradients of the training objective (L_fin) on {@code batch} at {@code clock}, one per
   * {@link Model#trainableVariables()} entry in that order, without updating anything (batch-norm
   * statistics included). The inputs are the step's: with an input hook (adversarial training) the
   * hook's inputs for {@code batch} at the current weights. The caller closes them.
   */
  List<TFloat32> gradients(Batch batch, TrainingClock clock);

  /** The model's top-1 class of each example of {@code batch}, in inference mode. */
  int[] predictions(Batch batch);
}
