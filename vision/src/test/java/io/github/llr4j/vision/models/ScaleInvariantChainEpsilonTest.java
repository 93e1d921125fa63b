package io.github.llr4j.vision.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.ModelSpec;
import io.github.llr4j.core.nn.ScaleInvariantChain;
import io.github.llr4j.core.nn.layers.BatchNorm;
import io.github.llr4j.core.nn.models.Mlp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * core.diag.psi's {@code FoldedNetwork} folds every batch norm with {@link BatchNorm#DEFAULT_EPSILON}
 * (the variables do not record the epsilon). This reads the epsilon attribute of every batch-norm
 * op in the training graph (the layer's one epsilon serves both modes) of each {@link ScaleInvariantChain} spec, the catalogue's and core's
 * (an Mlp with batch norm added: the catalogue's has none), so a chain built with another epsilon fails here instead of folding
 * to slightly wrong logits.
 */
class ScaleInvariantChainEpsilonTest {

  @Test
  void everyScaleInvariantChainUsesTheDefaultBatchNormEpsilon() {
    Shape image = Shape.of(32, 32, 3);
    List<ModelSpec> specs = new ArrayList<>();
    for (String name : VisionModels.names()) {
      ModelSpec spec = VisionModels.byName(name, 10, image, null);
      if (spec instanceof ScaleInvariantChain) specs.add(spec);
    }
    specs.add(new Mlp((int) image.size(), List.of(6, 5), 3, 0, true)); // the catalogue's mlp has no batch norm
    Map<String, Integer> norms = new LinkedHashMap<>();
    for (ModelSpec spec : specs) {
      int count = 0;
      try (Graph g = new Graph()) {
        Ops tf = Ops.create(g);
        Model m = spec.build(tf, 1);
        var x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2).append(image)));
        m.logits(ModelContext.training(tf, 1L), x); // the fused op (and its epsilon attribute) is the training path's
        for (Iterator<GraphOperation> it = g.operations(); it.hasNext(); ) {
          GraphOperation op = it.next();
          if (!op.type().startsWith("FusedBatchNorm")) continue;
          count++;
          assertThat(op.attributes().getAttrFloat("epsilon"))
              .as("%s: batch norm %s (FoldedNetwork assumes BatchNorm.DEFAULT_EPSILON)", spec.name(), op.name())
              .isEqualTo(BatchNorm.DEFAULT_EPSILON);
        }
      }
      norms.merge(spec.name() + (spec instanceof Mlp mlp && mlp.batchNorm() ? "_bn" : ""), count, Integer::sum);
    }
    System.out.println("batch norms per ScaleInvariantChain spec: " + norms);
    // the chains are found, and the batch-norm ones have their norms in the graph (VGG: one per conv)
    assertThat(norms).containsEntry("small_cnn", 2).containsEntry("small_cnn_nobn", 0).containsEntry("mlp", 0)
        .containsEntry("mlp_bn", 2).containsEntry("vgg11", 8).containsEntry("vgg19", 16);
  }
}
