"""Known words: an answer word that is itself a real term is never read as a typo of another.

`thrombosis` is one slip-pair away from `thrombolysis`, `coagulation` four letters from
`anticoagulation`: within a fair spelling allowance, yet a different answer. A word the course
itself uses (in any question, explanation, vignette or glossary entry), or one of the medical
words below, is taken at its word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Course
from .tokens import canon, wordlist

BUILTIN = frozenset(canon(w) for w in wordlist("""
thrombosis thrombolysis thrombolytic thrombectomy thrombus thrombi thrombotic thrombin antithrombin
thromboembolism embolism embolus emboli embolization embolectomy coagulation anticoagulation
anticoagulant coagulopathy hypercoagulability hypercoagulable fibrinolysis fibrinolytic fibrinogen
fibrin plasmin plasminogen haemolysis hemolysis haemorrhage hemorrhage haematoma hematoma bleeding
ischaemia ischemia ischaemic ischemic infarction stenosis stasis status stent stents stenting
angioplasty balloon aspiration atherectomy sepsis septic shock cardiogenic hypovolemic obstructive
distributive anaphylactic heparin warfarin aspirin rivaroxaban apixaban dabigatran edoxaban
urokinase alteplase streptokinase tenecteplase reteplase popliteal femoral iliac iliofemoral
femoropopliteal tibial saphenous jugular subclavian renal hepatic portal caval superior inferior
proximal distal anterior posterior acute chronic subacute arterial venous artery arteries veins
filter filters angiojet angiovac aspirex indigo clottriever flowtriever ekos ultrasound duplex
venography phlebography angiography pulmonary cerebral intracranial gastrointestinal pneumonia
pneumothorax pregnancy cancer malignancy surgery trauma fracture immobility obesity smoking
hypertension hypotension hyperkalemia hypokalemia tachycardia bradycardia dyspnoea dyspnea
haemoptysis hemoptysis oedema edema swelling ulcer ulcers ulceration pigmentation varicose
phlegmasia cerulea alba dolens gangrene necrosis amputation cellulitis lymphoedema lymphedema
compression stockings elevation mobilisation mobilization catheter sheath guidewire
retrieval removal insertion placement migration perforation fracture penetration occlusion
recanalization recanalisation patency reflux insufficiency incompetence obstruction
"""))


def words_of(text: str) -> Iterator[str]:
    for w in re.findall(r"[a-z]{5,}", text.lower()):
        yield canon(w)


def course_vocabulary(course: Course) -> frozenset[str]:
    """Every word of five or more letters the course writes (examples excepted: they hold typos),
    and those of the shipped vocabulary's names (`stemi` is not a slip for `nstemi`)."""
    from .vocabulary import shipped_names  # noqa: PLC0415 (with the grader, not at start-up)

    words: set[str] = set(BUILTIN)
    for name in shipped_names():
        words.update(words_of(name))
    for term in course.glossary.values():
        for text in (term.term, term.definition, *term.aliases):
            words.update(words_of(text))
    for case in course.cases.values():
        words.update(words_of(case.title))
        words.update(words_of(case.summary))
        for step in case.steps:
            words.update(words_of(step.text))
            if step.decision is not None:
                words.update(words_of(step.decision.prompt))
                for ch in step.decision.choices:
                    for text in (ch.text, ch.consequence, *ch.accept):
                        words.update(words_of(text))
            for q in step.questions:
                for text in (q.prompt, q.explanation, *q.hints):
                    words.update(words_of(text))
                for e in q.expectations:
                    for text in (*e.accept, e.hint, e.assertion, *(e.prompt.accept if e.prompt else ())):
                        words.update(words_of(text))
                for m in q.misconceptions:
                    for text in (*m.match, m.feedback):
                        words.update(words_of(text))
                for o in q.options:
                    for text in (o.text, o.feedback, *o.accept):
                        words.update(words_of(text))
                for p in q.partial:
                    for text in (*p.accept, p.feedback):
                        words.update(words_of(text))
    return frozenset(words)
