package io.github.llr4j.core.nn.layers;

import io.github.llr4j.core.check.Require;
import java.util.List;

/**
 * Spatial padding of a convolution or pooling: TF's {@code SAME}, {@code VALID}, or explicit
 * zero padding (top, bottom, left, right) like PyTorch's {@code padding=p} (see {@link Conv2d} for
 * how it is executed).
 */
public record Padding(String mode, int top, int bottom, int left, int right) {
  public static final Padding SAME = new Padding("SAME", 0, 0, 0, 0);
  public static final Padding VALID = new Padding("VALID", 0, 0, 0, 0);

  public Padding {
    Require.that(List.of("SAME", "VALID", "EXPLICIT").contains(mode), "mode",
        "be SAME, VALID or EXPLICIT", mode);
    Require.that(top >= 0 && bottom >= 0 && left >= 0 && right >= 0, "padding", "be >= 0",
        top + "," + bottom + "," + left + "," + right);
  }

  /** PyTorch's {@code padding=p}: p zeros on every side. */
  public static Padding explicit(int p) {
    return new Padding("EXPLICIT", p, p, p, p);
  }
}
