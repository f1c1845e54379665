"""The grader's reasons in English: why an answer got its verdict, one short part per message.

Parameters are learner or course text as written; the quotes around them are the template's, so
another language can quote its own way. A list is a `grade.series` of its items (first, then the
rest), each item a `grade.quoted` text where the items are quoted. Keys of the parts that name
what the answer left out begin with `grade.missing`: the dialogue drops those, it teaches them.
"""

MESSAGES: dict[str, str] = {
    # pieces of other messages
    "grade.quoted": "'{text}'",
    "grade.series": "{first}, {rest}",
    "grade.slip": "'{written}' for '{term}'",
    # nothing to grade
    "grade.empty": "empty answer",
    # short and list questions: what was found
    "grade.matched": "matched '{accepted}'",
    "grade.matched_typo": "matched '{accepted}' with one typo",
    "grade.matched_typos": "matched '{accepted}' with {typos} typos",
    "grade.matched_glossary": "matched '{accepted}' (a glossary synonym)",
    "grade.found_of": "{found} of {need} found: {match}",
    "grade.partly_right": "partly right: '{phrase}'",
    # what is wrong or left out
    "grade.misconception": "misconception: '{phrase}'",
    "grade.not_recognised": "not recognised: {items}",
    "grade.missing": "missing: {labels}",
    "grade.leaves_out": "'{word}' leaves out the other parts: the answer needs {need}",
    "grade.alternatives": "names alternatives ({answers}): give one answer",
    "grade.several_answers": "names several answers ({answers}): give one answer",
    "grade.too_long": "says a great deal besides the answer: name the answer itself",
    "grade.close_to": "close to '{phrase}' ({slips}), beyond the spelling allowance",
    # why nothing was accepted
    "grade.negated": "negated: '{text}'",
    "grade.flipped": "'{word}' changes the meaning of '{phrase}'",
    "grade.opposite_not": "opposite: '{word}' is not '{term}'",
    "grade.opposite_more": "opposite: '{word}' says more, the key says less",
    "grade.opposite_less": "opposite: '{word}' says less, the key says more",
    "grade.opposite": "opposite: '{word}' instead of '{term}'",
    "grade.different_term": "'{word}' is a different term from '{term}'",
    "grade.short_term_exact": "'{word}' is not '{term}' (short terms must be exact)",
    "grade.none_found": "no accepted answer found",
    # numeric questions ({number} and {expected} are quantities as written, with their units)
    "grade.number_matches": "{number} matches {expected}",
    "grade.number_as_proportion": "{number} as a proportion is {expected}",
    "grade.number_wrong": "{number}: {why}",
    "grade.number_answer_is": "the answer is {expected}",
    "grade.number_inside_range": "inside the range, but the answer is the range {expected}",
    "grade.number_family": "{number} is {family}, not {want}",
    "grade.family.rate": "a rate or proportion",
    "grade.family.time": "a length of time",
    "grade.family.count": "a number of people or cases",
    "grade.family.EUR": "an amount in euros",
    "grade.family.USD": "an amount in US dollars",
    "grade.more_than_one_number": "more than one answer given: {why}",
    "grade.no_number": "no number found",
    # single best answer
    "grade.chose": "chose {letter}: {text}",
    "grade.chose_letter": "chose {letter}",
    "grade.misconception_too": "misconception named too",
    "grade.several_options": "names more than one option ({letters})",
    "grade.ambiguous_options": "matches more than one option ({names}): answer with a letter",
    "grade.close_to_option": "close to option '{option}', beyond the spelling allowance",
    "grade.no_option": "no option recognised",
}
