/**
 * Optimizers written on TensorFlow's raw training ops with explicit parameter lists and ordered
 * state updates (tensorflow-framework's optimizers differentiate every variable of the graph, order
 * Adam's bias correction wrongly and freeze the learning rate as a constant), plus learning-rate
 * schedules.
 */
package io.github.llr4j.core.optim;
