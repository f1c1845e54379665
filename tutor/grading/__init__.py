"""Grading learners' free-text answers: lenient with spelling, strict with meaning.

    from tutor.grading import Grader, Grade, Match
    grader = Grader(course)
    grade = grader.grade(question, "anticoagulaton")

The pipeline, one module per step: `normalize` (Unicode, case, dashes, quotes, traditional
Chinese), `numbers` (numbers, ranges, units and magnitudes), `tokens` (words, stems, the word
lists), `negation` (NegEx-style scopes), `match` (phrases against answers with an edit budget),
`glossary` (synonyms and look-ups), `compiled` (questions compiled once) and `grader` (the
verdict). No Textual import anywhere here.
"""

from .grader import Grade, Grader, Match

__all__ = ["Grade", "Grader", "Match"]
