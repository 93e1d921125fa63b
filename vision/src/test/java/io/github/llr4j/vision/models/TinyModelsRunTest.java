package io.github.llr4j.vision.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.ModelSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Every family runs, in both modes, on grey 28x28 and colour 32x32 batches. */
class TinyModelsRunTest {

  @Test
  void tinyModelsRunOnGreyAndColourInput() {
    for (ImageInput in : List.of(TinyModels.input(28, 28, 1), TinyModels.input(32, 32, 3))) {
      for (ModelSpec spec : TinyModels.all(in, 5)) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
          Ops tf = Ops.create(g);
          Model m = spec.build(tf, 1);
          Shape shape = Shape.of(3).append(in.exampleShape());
          Operand<TFloat32> x = TinyModels.constant(tf, shape,
              TinyModels.pixels((int) shape.size(), 2));
          try (Result r = s.runner().fetch(m.logits(ModelContext.training(tf, 1), x))
              .fetch(m.logits(ModelContext.inference(tf), x)).run()) {
            for (int i = 0; i < 2; i++) {
              TFloat32 t = (TFloat32) r.get(i);
              assertThat(t.shape()).as(spec.name()).isEqualTo(Shape.of(3, 5));
              for (int row = 0; row < 3; row++) {
                for (int k = 0; k < 5; k++) {
                  assertThat(t.getFloat(row, k)).as(spec.name()).isFinite();
                }
              }
            }
          }
        }
      }
    }
  }

}
