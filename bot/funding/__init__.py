"""The guided funding conversation (issue 14): which programmes fit an asker's project.

`profile_store` keeps what a session has told about its company, `conversation` decides the
next question or the answer, `answer` lists the matching programmes; channels render the
questions (buttons on Telegram and in the widget, plain prompts in the terminal).
"""
