package io.github.llr4j.nlp.model;

import io.github.llr4j.core.nn.layers.Activations;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The feed-forward (and MLM transform) activation of a {@link TransformerSpec}, by its model-card
 * name.
 *
 * <p>{@link #GELU}: x Phi(x) = 0.5 x (1 + erf(x / sqrt 2)) (Hendrycks and Gimpel 2016; Hugging
 * Face's {@code gelu}). {@link #GELU_TANH}: 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))),
 * the approximation of the same paper that Google's original BERT code uses (Hugging Face's
 * {@code gelu_new}); the two differ by at most about 5e-4 at |x| near 2.
 */
public enum Activation {
  GELU("gelu"),
  GELU_TANH("gelu_tanh");

  private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);

  private final String cardName;

  Activation(String cardName) {
    this.cardName = cardName;
  }

  /** The name stored in model.json ({@code gelu} or {@code gelu_tanh}). */
  public String cardName() {
    return cardName;
  }

  /** The activation named {@code name} in a model card. */
  public static Activation fromCardName(String name) {
    for (Activation a : values()) if (a.cardName.equals(name)) return a;
    throw new IllegalArgumentException("activation must be gelu or gelu_tanh, got '" + name + "'");
  }

  /** Applies it elementwise. */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
    if (this == GELU) return Activations.gelu(tf, x);
    Ops s = tf.withSubScope("gelu_tanh");
    Operand<TFloat32> cube = s.math.mul(s.math.mul(x, x), x);
    Operand<TFloat32> inner = s.math.mul(s.constant(SQRT_2_OVER_PI), s.math.add(x, s.math.mul(s.constant(0.044715f), cube)));
    return s.math.mul(s.math.mul(x, s.constant(0.5f)), s.math.add(s.math.tanh(inner), s.constant(1f)));
  }
}
