"""English: every word the tutor says of its own, by key. `{name}` is a parameter."""

from __future__ import annotations

from .en_app import MESSAGES as _APP
from .en_grading import MESSAGES as _GRADING
from .en_progress import MESSAGES as _PROGRESS
from .en_reports import MESSAGES as _REPORTS
from .en_store import MESSAGES as _STORE

MESSAGES: dict[str, str] = {
    # the session
    "course.notice": "{text}",
    "save.report": "{text}",
    "course.notice_default": "For education only, not clinical advice.",
    "course.sources_default": "the course's sources",
    "course.term_default": "a term",
    "session.review_title": "Review",
    "version.course": "course: {title} (content updated {updated})",
    "version.source": "source: {work}",
    "session.over": "This session is over.",
    "session.continuing": "Continuing “{title}” where you left off.",
    "quiz.empty": "This quiz has no questions.",
    "quiz.none": "The course has no quizzes.",
    "quiz.unknown": "No quiz '{quiz}'. Quizzes: {quizzes}",
    "review.no_store": "Progress is not kept here, so nothing is due for review.",
    "review.nothing_due": "Nothing is due for review.",
    "resume.none": "There is no unfinished session to continue.",
    "case.loop": "This case goes round in a loop here, so it ends.",
    "move.not_now": "Please wait for the next question.",
    "empty.prompt": "Type your answer, or hint, skip, or /help.",
    "path.changed": "Your decision changes the case's path: the session now has {after} questions instead of "
                    "{before}.",
    "finish.early": "Finished early: {left} questions not reached count as unanswered.",
    # answering
    "confirm.try_again": "Then try again, in other words if you like.",
    "confidence.ask": "Before I say: how sure are you? sure, unsure or guessing (Enter to skip).",
    "confidence.again": "Please type sure, unsure or guessing (or press Enter to skip).",
    "choice.pick_one": "Choose one of {letters}, or type the option in your own words.",
    "choice.pick_one_because": "{why}. Choose one of {letters}, or type the option in your own words.",
    # the dialogue
    "ladder.pump": "What else?",
    "ladder.yes": "Yes, that's it.",
    "ladder.yes_parts": "Yes: {parts}.",
    "ladder.not_quite": "Not quite.",
    "ladder.one_part": "One part of the answer: {label}.",
    "ladder.the_answer": "The answer is {answer}.",
    "resume.found_so_far": "So far you have named: {parts}.",
    # commands
    "hint.none_left": "No more hints: give it a try, or type skip to see the answer.",
    "why.nothing_yet": "Answer a question first; then ask why.",
    "lookup.unknown": "The glossary has no entry for “{term}”.",
    "lookup.counts_as_hint": "This term is part of the answer, so looking it up counts as a hint.",
    "ref.unknown": "No reference “{query}”. Type /ref for the list (numbers as in {source}).",
    "contest.nothing_yet": "There is no verdict to contest yet.",
    "contest.noted": "Noted: you contest the verdict on {gid}. It is kept for your instructor; your score is "
                     "not changed.",
    "flag.nothing_yet": "There is no question to flag yet.",
    "flag.noted": "Thank you: your report on {gid} is kept for your instructor.",
    "help": "You can type your answer in your own words, or:\n"
            "/help: what you can type\n"
            "hint: a hint for the question in front of you\n"
            "why?: the explanation of the last answer\n"
            "skip: skip this question (shows the answer in tutor mode)\n"
            "what is {term}?: look a term up in the glossary\n"
            "/ref 9: a reference by its number in {source} (/ref alone lists them all)\n"
            "I was right: contest the last verdict; your instructor will see it\n"
            "/flag <comment>: report an error in this question to your instructor\n"
            "/finish: end now and see the summary (what is not reached counts as unanswered)\n"
            "/quit: stop (you are told whether your answers are saved)",
    # exam mode
    "exam.no_hints": "No hints in exam mode.",
    "exam.recorded": "Answer recorded.",
    "exam.skipped": "Skipped.",
    "exam.decision_recorded": "Decision recorded.",
    "exam.time_up": "Time is up.",
    "exam.explanations_at_end": "Explanations come at the end in exam mode.",
    "exam.glossary_closed": "The glossary is closed during an exam; it opens again at the end.",
    # decisions
    "decision.pick_one": "Choose one of {letters}, or type the option in your own words.",
    "decision.weigh": "A decision has no hints: weigh each option against what {source} says about this "
                      "patient, then type its letter.",
    "decision.cannot_skip": "A decision cannot be skipped: type the letter of your choice.",
    "decision.choose_again": "Then choose again: type the letter of the option.",
    "list.joiner": "; ",
    # the parts of an answer, named one after another
    "answer.parts": "{parts}",
    "list.parts_joiner": "; ",
    # what the faces show
    "face.case_head": "Case {number} of {total}: {title}",
    "face.question_head": "Question {number} of {total}",
    "face.name_n": "Name {need}.",
    "face.why_not": "Why not",
    "face.why": "Why",
    "face.answer": "Answer:",
    "face.decision": "Your decision",
    "face.decision_line": "Decision:",
    "face.consequence": "Consequence",
    "face.glossary": "Glossary",
    "face.hint": "Hint",
    "face.careful": "Careful",
    "face.you_named": "You named: {parts}",
    "face.chose_recommended": "the recommended choice",
    "face.chose_other": "not the recommended choice",
    "face.you_chose": "You chose {letter}. {text} ({verdict})",
    "face.did_you_mean": "Did you mean “{suggestion}”? Type yes or no.",
    "face.check_spelling": "Check your spelling, or press Enter to keep your answer.",
    "face.stopped": "Stopped.",
    "face.beyond_review": "[beyond the review]",
    # plain text: how the parts of a line are put together
    "face.aside": "{text} ({aside})",
    "face.parenthesis": "({text})",
    "face.labelled": "{label}: {text}",
    "face.label_text": "{label} {text}",
    "face.part_named": "✓ {label}",
    "face.part_not_named": "· {label}",
    "face.note": "{kind}: {text}",
    "note.doubt": "Doubt about the review",
    "note.beyond": "Beyond the review",
    "note.guidance": "Current guidance differs from the review",
    "list.names_joiner": ", ",
    "verdict.correct": "Correct",
    "verdict.partial": "Partly right",
    "verdict.incorrect": "Not right",
    "verdict.unclear": "Unclear",
    "summary.title": "Summary: {title}",
    "summary.passed": "passed",
    "summary.not_passed": "not passed",
    "summary.score": "Score {score:.0f}% ({verdict}; pass mark {pass_mark:.0f}%), {answered} of {total} questions "
                     "answered",
    "summary.skipped": ", {skipped} skipped",
    "summary.time_ran_out": ", time ran out",
    "summary.finished_early": ", finished early",
    "summary.path_shorter": "Your decisions took the case along another path: {total} questions instead of the "
                            "{planned} of the recommended one.",
    "summary.by_topic": "By topic:",
    "summary.by_theme": "By theme:",
    "summary.decisions": "Your decisions:",
    "summary.recommended": "recommended: {text}",
    "summary.to_review": "To review:",
    "summary.skipped_word": "skipped",
    "app.summary.score": "Score:",
    "app.summary.score_line": ", {verdict} (pass mark {pass_mark:.0f}%) · {answered} of {total} questions answered · "
                              "{mode} mode",
    "app.summary.first_answers": "The score counts first answers only; help from the dialogue does not raise it.",
    "app.summary.by_topic": "By topic",
    "app.summary.by_theme": "By theme",
    "app.summary.decisions": "Your decisions",
    "app.summary.recommended_was": ": recommended was ",
    "app.summary.look_again": "To look at again",
    "app.summary.all_right": "Every answer was right the first time.",
    "app.session_end": "The session is over. Press Enter (or s) for your summary.",
    "app.input_placeholder": "Your answer, or hint, skip, why?, what is {term}?, /ref 9, /help",
    "plain.header": "{title} ({mode} mode). Type /help for commands, /quit to stop.",
    "plain.kept": "Your answers are kept.",
    "plain.input_ended": "Input ended: the session stays unfinished, and `tutor plain --continue` resumes it.",
    "plain.input_ended_nothing": "Input ended before any answer.",
    "plain.interrupted": "Interrupted.",
    "mode.tutor": "tutor",
    "mode.exam": "exam",
}
MESSAGES.update(_GRADING)  # the grader's reasons (en_grading.py)
MESSAGES.update(_APP)  # the Textual app's own words (en_app.py)
MESSAGES.update(_REPORTS)  # the instructor's reports (en_reports.py)
MESSAGES.update(_PROGRESS)  # a learner's progress from the command line (en_progress.py)
MESSAGES.update(_STORE)  # saving progress (en_store.py)
