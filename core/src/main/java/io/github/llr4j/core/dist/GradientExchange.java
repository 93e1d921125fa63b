package io.github.llr4j.core.dist;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * What makes one replica's training step global: the global mean loss and the gradient summed over
 * the replicas, both through the collective all-reduce. A {@link Replica} (one process of a
 * cluster) and a tower of {@link DeviceReplicas} (one device of this process) are the two kinds.
 *
 * <p>Replica r holds n_r rows of a global batch of n = sum n_r rows and its local mean loss L_r.
 * One all-reduce of (n_r L_r, n_r) gives L = sum n_r L_r / n, on which the reshaped objective is
 * built; back-propagation starts at L_r with dy = f'(x) n_r / n, and one all-reduce of the
 * concatenated gradients gives f'(x) grad L on every replica.
 */
public interface GradientExchange {

  /** The global mean loss and this replica's weight n_r / n (both float32 scalars). */
  record GlobalLoss(Operand<TFloat32> loss, Operand<TFloat32> weight) {}

  /** See the interface documentation; {@code labels} gives n_r. */
  GlobalLoss globalLoss(Ops tf, Operand<TFloat32> localMeanLoss, Operand<TInt32> labels);

  /** The element-wise sum over replicas of each of {@code gradients}, shaped like {@code params} (static shapes). */
  List<Operand<TFloat32>> sumGradients(Ops tf, List<Operand<TFloat32>> gradients, List<? extends Operand<TFloat32>> params);
}
