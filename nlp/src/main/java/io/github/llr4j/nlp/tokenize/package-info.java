/**
 * Pure-Java BERT tokenisation: {@link io.github.llr4j.nlp.tokenize.BasicTokenizer} (cleanup,
 * lower-casing, accent stripping, punctuation and CJK splitting), {@link
 * io.github.llr4j.nlp.tokenize.WordPiece} (greedy longest-match-first sub-words), {@link
 * io.github.llr4j.nlp.tokenize.Vocabulary} ({@code vocab.txt}), {@link
 * io.github.llr4j.nlp.tokenize.BertTokenizer} (special tokens, truncation, padding) and {@link
 * io.github.llr4j.nlp.tokenize.WordPieceTrainer}. Behaviour follows Google's BERT
 * {@code tokenization.py} (Devlin et al. 2019); deviations are stated on each type.
 */
package io.github.llr4j.nlp.tokenize;
