/**
 * Optimizers written on TensorFlow's raw training ops with explicit parameter lists and ordered
 * state updates (tensorflow-framework's optimizers differentiate every variable of the graph, order
 * Adam's bias correction wrongly and freeze the learning rate as a constant). The schedules live in
 * {@link io.github.llr4j.core.hparam.Schedule}.
 *
 * <p>{@link io.github.llr4j.core.optim.Sgd}, {@link io.github.llr4j.core.optim.Adam} and
 * {@link io.github.llr4j.core.optim.AdamW} follow PyTorch's {@code torch.optim} rules and are
 * tested step by step against plain-Java references in float64 and float32. Their learning rate
 * is read from {@link io.github.llr4j.core.hparam.ScalarFeeds} under the name {@code lr}, so one
 * graph can hold only one learning rate unless both optimizers share the same
 * {@link io.github.llr4j.core.hparam.Hyperparameter}, or are groups of a
 * {@link io.github.llr4j.core.optim.ParameterGroups}, which feeds each group's {@code lr} under
 * the group's prefix (layer-wise rates, frozen groups).
 * {@link io.github.llr4j.core.hparam.Schedule} provides the schedules.
 *
 * <p>Gradient transformations ({@link io.github.llr4j.core.optim.GradientTransform}, e.g. the
 * gradient activation GAF) compose with any optimizer: {@code gaf.then(optimizer)} is a
 * {@link io.github.llr4j.core.optim.Transformed}. {@code GafSgd} and {@code GafAdam} are that
 * composition with SGD and Adam under their own names.
 *
 * <p>State (momentum buffers, moments, Adam's step count) lives in reference variables
 * ({@code VariableV2}, {@code tf.variable(init)}): TF-Java 1.0.0's {@code Session.save}/{@code
 * restore} checkpoint only those, not resource variables. Every state write of a step waits for
 * every gradient passed in. Ops that are not inputs of the gradients (typically the loss value
 * fetched in the same run) are not ordered before the writes; to fetch a loss that is certainly
 * computed from the pre-update weights, pass gradients with a control dependency on it, e.g.
 * {@code tf.withControlDependencies(List.of(loss)).identity(g)}.
 */
package io.github.llr4j.core.optim;
