"""简体中文：导师自己说的每一句话，按键排列。`{name}` 是参数，与 en.py 完全相同。

Written as a Chinese clinician-teacher speaks to students: full-width punctuation, numbers in
ASCII digits, the same parameters as en.py (tests/test_texts_zh.py checks them key by key).
"""

from __future__ import annotations

from .zh_app import MESSAGES as _APP
from .zh_grading import MESSAGES as _GRADING
from .zh_progress import MESSAGES as _PROGRESS
from .zh_reports import MESSAGES as _REPORTS
from .zh_store import MESSAGES as _STORE

MESSAGES: dict[str, str] = {
    # the session
    "course.notice": "{text}",
    "save.report": "{text}",
    "course.notice_default": "仅供教学使用，不作为临床诊疗建议。",
    "course.sources_default": "课程的参考资料",
    "course.term_default": "某个术语",
    "session.review_title": "复习",
    "version.course": "课程：{title}（内容更新于 {updated}）",
    "version.source": "出处：{work}",
    "session.over": "本次学习已结束。",
    "session.continuing": "接着上次的进度继续“{title}”。",
    "quiz.empty": "这个测验里没有题目。",
    "quiz.none": "这门课程还没有测验。",
    "quiz.unknown": "没有测验“{quiz}”。现有测验：{quizzes}",
    "review.no_store": "这里不保存学习进度，所以没有需要复习的题目。",
    "review.nothing_due": "目前没有需要复习的题目。",
    "resume.none": "没有未完成的学习可以继续。",
    "case.loop": "这个病例在这里绕回了原处，到此结束。",
    "move.not_now": "请稍等下一题。",
    "empty.prompt": "请输入你的答案，或者输入“提示”“跳过”“/help”。",
    "path.changed": "你的决策改变了病例的走向：本次学习由 {before} 道题变为 {after} 道题。",
    "finish.early": "提前结束：还有 {left} 道题没有做到，按未作答计。",
    # answering
    "confirm.try_again": "那就再试一次，换个说法也可以。",
    "confidence.ask": "先不说结果：你有多大把握？输入“确定”“不确定”或“猜的”（按回车跳过）。",
    "confidence.again": "请输入“确定”“不确定”或“猜的”（或按回车跳过）。",
    "choice.pick_one": "请从 {letters} 中选一个，也可以用自己的话说出选项。",
    "choice.pick_one_because": "{why}。请从 {letters} 中选一个，也可以用自己的话说出选项。",
    # the dialogue
    "ladder.pump": "还有呢？",
    "ladder.yes": "对，就是这个。",
    "ladder.yes_parts": "对：{parts}。",
    "ladder.not_quite": "还不太对。",
    "ladder.one_part": "答案的一部分是：{label}。",
    "ladder.the_answer": "答案是：{answer}。",
    "resume.found_so_far": "到目前为止你已经答出：{parts}。",
    # commands
    "hint.none_left": "提示已经用完了：试着答一下，或者输入“跳过”看答案。",
    "why.nothing_yet": "先回答一道题，再问为什么。",
    "lookup.unknown": "术语表里没有“{term}”这一条。",
    "lookup.counts_as_hint": "这个术语本身就是答案的一部分，所以查它算作一次提示。",
    "ref.unknown": "没有参考文献“{query}”。输入 /ref 查看列表（编号与{source}一致）。",
    "contest.nothing_yet": "目前还没有可以申诉的判定。",
    "contest.noted": "已记录：你对 {gid} 的判定提出了申诉，申诉会保留给老师查看；你的得分不变。",
    "flag.nothing_yet": "目前还没有可以报错的题目。",
    "flag.noted": "谢谢：你对 {gid} 的报错已保存，留给老师查看。",
    "help": "你可以用自己的话作答，也可以输入：\n"
            "/help 或“帮助”：可以输入哪些指令\n"
            "“提示”（hint）：当前这道题的提示\n"
            "“为什么”（why?）：上一题答案的讲解\n"
            "“跳过”（skip）：跳过这道题（教学模式下会显示答案）\n"
            "“什么是{term}”或“{term}是什么”：在术语表里查一个术语\n"
            "/ref 9：按{source}中的编号查参考文献（只输入 /ref 列出全部）\n"
            "“我答对了”（I was right）：对上一个判定提出申诉，老师会看到\n"
            "/flag <意见>：向老师报告这道题里的错误\n"
            "/finish 或“交卷”：现在结束并查看小结（没做到的题按未作答计）\n"
            "/quit 或“退出”：退出（会告诉你答案是否已保存）",
    # exam mode
    "exam.no_hints": "考试模式下没有提示。",
    "exam.recorded": "答案已记录。",
    "exam.skipped": "已跳过。",
    "exam.decision_recorded": "决策已记录。",
    "exam.time_up": "时间到。",
    "exam.explanations_at_end": "考试模式下，讲解在最后统一给出。",
    "exam.glossary_closed": "考试期间术语表关闭，考完后重新开放。",
    # decisions
    "decision.pick_one": "请从 {letters} 中选一个，也可以用自己的话说出选项。",
    "decision.weigh": "决策题没有提示：请根据{source}中适用于这位患者的内容，逐一权衡各个选项，然后输入字母。",
    "decision.cannot_skip": "决策题不能跳过：请输入你所选选项的字母。",
    "decision.choose_again": "那就重新选：请输入选项的字母。",
    "list.joiner": "；",
    # the parts of an answer, named one after another
    "answer.parts": "{parts}",
    "list.parts_joiner": "；",
    # what the faces show
    "face.case_head": "病例 {number}/{total}：{title}",
    "face.question_head": "第 {number} 题，共 {total} 题",
    "face.name_n": "请答出 {need} 项。",
    "face.why_not": "为什么不选",
    "face.why": "为什么",
    "face.answer": "答案：",
    "face.decision": "你的决策",
    "face.decision_line": "决策：",
    "face.consequence": "后果",
    "face.glossary": "术语表",
    "face.hint": "提示",
    "face.careful": "注意",
    "face.you_named": "你答出了：{parts}",
    "face.chose_recommended": "推荐的选择",
    "face.chose_other": "不是推荐的选择",
    "face.you_chose": "你选了 {letter}。{text}（{verdict}）",
    "face.did_you_mean": "你是想说“{suggestion}”吗？请输入“是”或“不是”。",
    "face.check_spelling": "请检查一下拼写，或按回车保留你的答案。",
    "face.stopped": "已停止。",
    "face.beyond_review": "［超出综述范围］",
    # plain text: how the parts of a line are put together
    "face.aside": "{text}（{aside}）",
    "face.parenthesis": "（{text}）",
    "face.labelled": "{label}：{text}",
    "face.label_text": "{label}{text}",
    "face.part_named": "✓ {label}",
    "face.part_not_named": "  {label}（未答出）",
    "face.note": "{kind}：{text}",
    "note.doubt": "对综述内容存疑",
    "note.beyond": "超出综述范围",
    "note.guidance": "现行指南与综述不同",
    "list.names_joiner": "、",
    "verdict.correct": "正确",
    "verdict.partial": "部分正确",
    "verdict.incorrect": "不正确",
    "verdict.unclear": "无法判断",
    "summary.title": "小结：{title}",
    "summary.passed": "通过",
    "summary.not_passed": "未通过",
    "summary.score": "得分 {score:.0f}%（{verdict}；及格线 {pass_mark:.0f}%），共 {total} 题，答了 {answered} 题",
    "summary.skipped": "，跳过 {skipped} 题",
    "summary.time_ran_out": "，时间已到",
    "summary.finished_early": "，提前结束",
    "summary.path_shorter": "你的决策让病例走了另一条路径：共 {total} 道题，而推荐路径是 {planned} 道题。",
    "summary.by_topic": "按主题：",
    "summary.by_theme": "按专题：",
    "summary.decisions": "你的决策：",
    "summary.recommended": "推荐：{text}",
    "summary.to_review": "需要复习：",
    "summary.skipped_word": "已跳过",
    "app.summary.score": "得分：",
    "app.summary.score_line": "，{verdict}（及格线 {pass_mark:.0f}%）· 共 {total} 题，答了 {answered} 题 · {mode}模式",
    "app.summary.first_answers": "得分只计第一次作答；对话中得到的帮助不会提高得分。",
    "app.summary.by_topic": "按主题",
    "app.summary.by_theme": "按专题",
    "app.summary.decisions": "你的决策",
    "app.summary.recommended_was": "：推荐的是",
    "app.summary.look_again": "值得再看一遍的题",
    "app.summary.all_right": "每道题第一次就答对了。",
    "app.session_end": "本次学习已结束。按回车（或 s）查看小结。",
    "app.input_placeholder": "输入答案，或：提示、跳过、为什么、什么是{term}、/ref 9、/help",
    "plain.header": "{title}（{mode}模式）。输入 /help 查看指令，输入 /quit 退出。",
    "plain.kept": "你的答案已保存。",
    "plain.input_ended": "输入已结束：本次学习尚未完成，用 `tutor plain --continue` 可以接着做。",
    "plain.input_ended_nothing": "还没作答，输入就结束了。",
    "plain.interrupted": "已中断。",
    "mode.tutor": "教学",
    "mode.exam": "考试",
}
MESSAGES.update(_GRADING)  # the grader's reasons (zh_grading.py)
MESSAGES.update(_APP)  # the Textual app's own words (zh_app.py)
MESSAGES.update(_REPORTS)  # the instructor's reports (zh_reports.py)
MESSAGES.update(_PROGRESS)  # a learner's progress from the command line (zh_progress.py)
MESSAGES.update(_STORE)  # saving progress (zh_store.py)
