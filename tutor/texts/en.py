from .en_grading import MESSAGES as _GRADING

MESSAGES = {**_GRADING}
