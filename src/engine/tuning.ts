/** Scoring knobs, in one place so their effect can be measured with `dockhand eval`. */
export const TUNING = {
  /** Weight of an unknown content word, as a share of the rarest known term's weight. */
  unknown: 1,
  /** Unknown Han characters weigh less: Chinese glue words are many and not all listed. */
  unknownHan: 0.7,
  /** score = coverage^a × nameMatch^(1-a). */
  coverageExponent: 0.5,
  /**
   * At or above answerBar: answer, provided no more than maxUnknownShare of the question is words
   * no note knows, or the score reaches sureBar anyway. Below, down to suggestBar: "did you mean".
   * Below that: "no note on that".
   */
  answerBar: 0.42,
  maxUnknownShare: 0.2,
  sureBar: 0.6,
  /** Scales the lifts for commands, flags, instructions and phrases named in the question. */
  boostScale: 0.75,
  /** idf mass at which a fully matched name counts about two thirds; rarer names count more. */
  nameInformation: 1.2,
  suggestBar: 0.28,
};
