"""评分理由（简体中文）：一个答案为何得到这个判定，每条消息说一点。

Parameters are learner or course text as written; the quotes around them are the template's
(Chinese quotes here). `grade.missing*` keys name what the answer left out, as in en_grading.py.
"""

MESSAGES: dict[str, str] = {
    # pieces of other messages
    "grade.quoted": "“{text}”",
    "grade.series": "{first}、{rest}",
    "grade.slip": "把“{term}”写成了“{written}”",
    # nothing to grade
    "grade.empty": "答案为空",
    # short and list questions: what was found
    "grade.matched": "与“{accepted}”相符",
    "grade.matched_typo": "与“{accepted}”相符，有 1 处笔误",
    "grade.matched_typos": "与“{accepted}”相符，有 {typos} 处笔误",
    "grade.matched_glossary": "与“{accepted}”相符（术语表中的同义词）",
    "grade.found_of": "答出 {found}/{need} 项：{match}",
    "grade.partly_right": "部分正确：“{phrase}”",
    # what is wrong or left out
    "grade.misconception": "常见误区：“{phrase}”",
    "grade.not_recognised": "未能识别：{items}",
    "grade.missing": "遗漏：{labels}",
    "grade.leaves_out": "“{word}”漏掉了其他部分：答案需要答出 {need} 项",
    "grade.alternatives": "列出了几种备选（{answers}）：请只给一个答案",
    "grade.several_answers": "给出了多个答案（{answers}）：请只给一个答案",
    "grade.too_long": "答案之外说了太多：请直接说出答案本身",
    "grade.close_to": "接近“{phrase}”（{slips}），但超出了拼写容错范围",
    # why nothing was accepted
    "grade.negated": "被否定了：“{text}”",
    "grade.flipped": "“{word}”改变了“{phrase}”的意思",
    "grade.opposite_not": "意思相反：“{word}”不是“{term}”",
    "grade.opposite_more": "意思相反：“{word}”说的是更多，标准答案说的是更少",
    "grade.opposite_less": "意思相反：“{word}”说的是更少，标准答案说的是更多",
    "grade.opposite": "意思相反：说的是“{word}”而不是“{term}”",
    "grade.different_term": "“{word}”和“{term}”是两个不同的术语",
    "grade.short_term_exact": "“{word}”不是“{term}”（短术语必须完全一致）",
    "grade.none_found": "没有找到可接受的答案",
    # numeric questions ({number} and {expected} are quantities as written, with their units)
    "grade.number_matches": "{number} 与 {expected} 相符",
    "grade.number_as_proportion": "{number} 换算成比例是 {expected}",
    "grade.number_wrong": "{number}：{why}",
    "grade.number_answer_is": "答案是 {expected}",
    "grade.number_inside_range": "在范围之内，但答案是整个范围 {expected}",
    "grade.number_family": "{number} 是{family}，而题目要的是{want}",
    "grade.family.rate": "比率或比例",
    "grade.family.time": "一段时间",
    "grade.family.count": "人数或例数",
    "grade.family.EUR": "欧元金额",
    "grade.family.USD": "美元金额",
    "grade.more_than_one_number": "给出了不止一个答案：{why}",
    "grade.no_number": "没有找到数字",
    # single best answer
    "grade.chose": "选了 {letter}：{text}",
    "grade.chose_letter": "选了 {letter}",
    "grade.misconception_too": "同时说出了一个常见误区",
    "grade.several_options": "提到了不止一个选项（{letters}）",
    "grade.ambiguous_options": "与不止一个选项相符（{names}）：请用字母作答",
    "grade.close_to_option": "接近选项“{option}”，但超出了拼写容错范围",
    "grade.no_option": "没有识别出选项",
}
