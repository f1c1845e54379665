"""Saving progress, in English: what the store says when it cannot save, read or continue.

Said in the language in use when it happens (the store's reports are text by then)."""

MESSAGES: dict[str, str] = {
    "store.still_works": "The tutor still works.",
    "store.cannot_be_saved": "Progress cannot be saved: {why}. {still}",
    "store.cannot_be_read": "Progress cannot be read: {why}. {still}",
    "store.folder_not_created": "the data folder cannot be created ({folder}: {why})",
    "store.damaged_not_set_aside": "the progress file is damaged and cannot be set aside ({path}: {why})",
    "store.damaged_set_aside": "Your progress file was damaged. It is kept as {name} in {folder}, and a new one was "
                               "started.",
    "store.network_journal": "Your data folder is on a network file system ({fs}), where SQLite's WAL mode cannot "
                             "work; progress is saved with the rollback journal instead, so two tutors open at once "
                             "may wait for each other.",
    "store.no_wal": "Your data folder does not support SQLite's WAL mode; progress is saved with the {journal} "
                    "journal instead.",
    "store.newer_shown": "Progress was saved by a newer version of the tutor: it is shown but not changed. {still}",
    "store.folder_in_the_way": "there is a folder where the progress file should be ({path}); move it away or rename "
                               "it",
    "store.folder_read_only": "the data folder is read-only ({folder})",
    "store.file_read_only": "the progress file is read-only ({path})",
    "store.locked": "the progress file is locked by another program ({path})",
    "store.disk_full": "the disk is full ({folder})",
    "store.damaged_next_start": "the progress file is damaged ({path}); it will be set aside when the tutor next "
                                "starts",
    "store.error_at": "{error} ({path})",
    "store.damaged": "the progress file is damaged ({path})",
    "store.newer": "the progress file was written by a newer version of the tutor ({path})",
    "store.not_writable": "the progress file cannot be written ({detail})",
    "store.backup_failed": "The backup could not be written ({dest}: {why}).",
    "store.unfit_session": "Your unfinished session “{title}” cannot be continued: {reason}. Its answers are kept.",
    "store.unreadable_state": "its saved state cannot be read",
    "store.no_case": "the case “{case}” is no longer in the course",
    "store.no_question": "the question “{gid}” is no longer in the course",
    "store.no_step": "the step “{step}” is no longer in the case “{case}”",
    "store.no_place": "the place where it stopped is no longer in the quiz",
    "store.no_decision": "the decision in “{case}” is no longer in the course",
    "store.no_stopped_question": "the question it stopped at in “{case}” is no longer in the course",
    "store.cannot_save_now": "progress cannot be saved now",
    "save.failed": "Your answers are not being saved: {why}. They are kept in memory and saved once it can be; if it "
                   "cannot be, they are written to a file you can import at the end of the session.",
    "save.failed_memory": "Your answers are not being saved: {why}. They are kept in memory; if it cannot be, they "
                          "are written to a file you can import at the end of the session.",
    "save.resumed": "Your answers are being saved again.",
    "save.resumed_n.one": "Your answers are being saved again; {n} kept in memory was written.",
    "save.resumed_n.many": "Your answers are being saved again; {n} kept in memory were written.",
    "save.this_session": "This session's progress",
    "save.answers.one": "{n} answer",
    "save.answers.many": "{n} answers",
    "save.exported.one": "{answers} could not be saved: {why}. It was written to {path} instead; `tutor progress "
                         "import {path}` adds it to your progress once the file can be saved.",
    "save.exported.many": "{answers} could not be saved: {why}. They were written to {path} instead; `tutor progress "
                          "import {path}` adds them to your progress once the file can be saved.",
    "save.lost": "{answers} could not be saved: {why}; and no file could be written for them either ({where}).",
    "save.no_folder": "no folder could be written",
    "save.stuck": "saving did not finish",
}
